// Lets a child process run the hub's TypeScript sources as they are, file by file, the way ts-jest
// does inside the test process (isolated modules): the second hub of a test is the same code.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const configPath = join(__dirname, '..', '..', 'tsconfig.json');
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(
  config.compilerOptions,
  join(__dirname, '..', '..'),
);
const compilerOptions = {
  ...options,
  sourceMap: false,
  inlineSourceMap: true,
  isolatedModules: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions,
    fileName: filename,
  });
  module._compile(outputText, filename);
};
