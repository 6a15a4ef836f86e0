// The operation tables are JSON read at run time, not imported, so tsc leaves them behind: copy
// them beside the compiled spokes. Usage: node scripts/copy-operation-tables.js <out-dir>
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const outDir = process.argv[2];
if (!outDir) throw new Error('Usage: node scripts/copy-operation-tables.js <out-dir>');
for (const spoke of ['jira', 'jsm']) {
  const file = join(spoke, 'operations.generated.json');
  cpSync(join(__dirname, '..', 'src', 'spokes', file), join(outDir, file));
}
