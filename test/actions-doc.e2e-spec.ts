import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderActionsDoc } from '../scripts/actions-doc';
import { ALL_SPOKE_ACTIONS } from '../src/spokes';

describe('docs/actions.md', () => {
  it('is the page generated from the action catalog', () => {
    const path = join(__dirname, '..', 'docs', 'actions.md');
    const written = readFileSync(path, 'utf8');
    const expected = renderActionsDoc(ALL_SPOKE_ACTIONS);
    if (written !== expected) {
      const writtenLines = written.split('\n');
      const expectedLines = expected.split('\n');
      const line = expectedLines.findIndex((text, i) => text !== writtenLines[i]);
      throw new Error(
        `docs/actions.md is out of date (first difference at line ${line + 1}): run npm run docs:actions and commit the result`,
      );
    }
    for (const action of ALL_SPOKE_ACTIONS) expect(written).toContain(`### ${action.name}\n`);
  });

  it('says which inputs are needed one at a time, where a schema asks for exactly one of them', () => {
    const doc = renderActionsDoc(ALL_SPOKE_ACTIONS);
    const section = (name: string) => doc.split(`### ${name}\n`)[1].split('\n### ')[0];
    for (const name of [
      'jira.get_group_members',
      'jira.add_user_to_group',
      'jira.remove_user_from_group',
    ]) {
      expect(section(name)).toContain(
        '| `groupId` | string | exactly one of `groupname` or `groupId` |',
      );
    }
    expect(section('jira.create_issue')).toContain(
      '| `issueType` | string | exactly one of `issueType` or `issueTypeId` |',
    );
  });
});
