import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderActionsDoc } from '../scripts/actions-doc';
import { ALL_SPOKE_ACTIONS } from '../src/actions/spokes';

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
});
