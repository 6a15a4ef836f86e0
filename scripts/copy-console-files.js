// The console's templates and stylesheet are not TypeScript, so tsc leaves them behind: copy them
// beside the compiled console module. Usage: node scripts/copy-console-files.js <out-dir>
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const outDir = process.argv[2];
if (!outDir) throw new Error('Usage: node scripts/copy-console-files.js <out-dir>');
for (const folder of ['views', 'assets']) {
  cpSync(join(__dirname, '..', 'src', 'console', folder), join(outDir, folder), {
    recursive: true,
  });
}
