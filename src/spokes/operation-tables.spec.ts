import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  OPERATION_TABLE_SOURCES,
  renderOperationTable,
  REPO_ROOT,
} from '../../scripts/operation-table';

// The tables are generated; one left behind by a change of the descriptions or the generator
// would check requests against stale facts.
describe.each(OPERATION_TABLE_SOURCES)('the operation table of $api', (source) => {
  const committed = readFileSync(resolve(REPO_ROOT, source.out), 'utf8');

  it('is what npm run operations:generate writes from the OpenAPI description', () => {
    expect(committed === renderOperationTable(source)).toBe(true);
  });

  it('holds facts only: no descriptions or examples of the description', () => {
    const text = JSON.stringify(JSON.parse(committed));
    expect(text).not.toMatch(/"(description|example|examples|summary)":"/);
  });
});
