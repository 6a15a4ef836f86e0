import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPERATION_TABLE_SOURCES, renderOperationTable, REPO_ROOT } from './operation-table';

/** `npm run operations:generate`: writes the operation tables from the OpenAPI descriptions. */
for (const source of OPERATION_TABLE_SOURCES) {
  const file = resolve(REPO_ROOT, source.out);
  writeFileSync(file, renderOperationTable(source));
  process.stdout.write(`Wrote ${file}\n`);
}
