import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The import boundaries of eslint.config.mjs, checked by linting offending snippets in place of
 * real files with the project's own ESLint config (type-aware rules off: only the imports
 * matter). ESLint loads its config with a dynamic import, which Jest's module system does not
 * offer, so one child process lints every case.
 */
const ROOT = resolve(__dirname, '..');

interface LintCase {
  /** An existing file, so that the config blocks for its path apply. */
  filePath: string;
  code: string;
}

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const cases = JSON.parse(await new Promise((done) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
}));
const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
const answers = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  answers.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message));
}
process.stdout.write(JSON.stringify(answers));
`;

function lintAll(cases: LintCase[]): string[][] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

const SPOKE_ACTION = 'src/spokes/jira/get-issue.action.ts';
const SPOKE_SPEC = 'src/spokes/paged-actions.spec.ts';
const CONSOLE_FILE = 'src/console/dashboard.service.ts';
const RUNTIME_FILE = 'src/actions/actions.module.ts';
const CONNECTIONS_FILE = 'src/connections/site-discovery.service.ts';

/** [what, file, import, the message's distinctive words or null when the import is allowed] */
const CASES: [string, string, string, string | null][] = [
  ['a spoke uses TypeORM', SPOKE_ACTION, "import { DataSource } from 'typeorm';", 'no database'],
  ['a spoke uses SQLite', SPOKE_ACTION, "import Database from 'better-sqlite3';", 'no database'],
  ['a spoke uses pg', SPOKE_ACTION, "import { Pool } from 'pg';", 'no database'],
  [
    'a spoke uses the hub database',
    SPOKE_ACTION,
    "import { UnitOfWork } from '../../database/unit-of-work';",
    'no database',
  ],
  [
    'a spoke uses node:crypto',
    SPOKE_ACTION,
    "import { randomUUID } from 'node:crypto';",
    'no cryptography',
  ],
  [
    'a spoke uses the hub crypto',
    SPOKE_ACTION,
    "import { SecretBox } from '../../crypto/secret-box';",
    'no database, crypto',
  ],
  ['a spoke uses axios', SPOKE_ACTION, "import axios from 'axios';", 'Only src/atlassian/'],
  [
    'a spoke uses node:https',
    SPOKE_ACTION,
    "import { request } from 'node:https';",
    'ActionContext.call',
  ],
  ['a spoke uses undici', SPOKE_ACTION, "import { fetch } from 'undici';", 'ActionContext.call'],
  [
    'a spoke uses the runtime service',
    SPOKE_ACTION,
    "import { ActionsService } from '../../actions/actions.service';",
    'only action-definition',
  ],
  [
    'a spoke uses the action contract',
    SPOKE_ACTION,
    "import { defineAction } from '../../actions/action-definition';",
    null,
  ],
  [
    'a spoke uses the paging helpers',
    SPOKE_ACTION,
    "import { collectPages } from '../../actions/runtime/paging';",
    null,
  ],
  [
    'a spoke test runs the catalog',
    SPOKE_SPEC,
    "import { ActionCatalog } from '../actions/action-catalog';",
    null,
  ],
  ['a spoke test uses TypeORM', SPOKE_SPEC, "import { DataSource } from 'typeorm';", 'no database'],
  ['connections use axios', CONNECTIONS_FILE, "import axios from 'axios';", 'Only src/atlassian/'],
  ['src/atlassian uses axios', 'src/atlassian/http.ts', "import axios from 'axios';", null],
  [
    'the console injects a repository',
    CONSOLE_FILE,
    "import { InjectRepository } from '@nestjs/typeorm';",
    'not TypeORM repositories',
  ],
  [
    'the console types a repository',
    CONSOLE_FILE,
    "import { Repository } from 'typeorm';",
    'not TypeORM repositories',
  ],
  ['the console uses axios', CONSOLE_FILE, "import axios from 'axios';", 'Only src/atlassian/'],
  [
    "the runtime imports a spoke's folder",
    RUNTIME_FILE,
    "import { JIRA_ACTIONS } from '../spokes/jira';",
    "not a spoke's folder",
  ],
  [
    "the runtime imports a spoke's action",
    RUNTIME_FILE,
    "import { getIssue } from '../spokes/jira/get-issue.action';",
    "not a spoke's folder",
  ],
  [
    'the runtime imports the spoke list',
    RUNTIME_FILE,
    "import { ALL_SPOKE_ACTIONS } from '../spokes';",
    null,
  ],
  [
    'the runtime imports the spoke names',
    RUNTIME_FILE,
    "import { Spoke } from '../spokes/spoke';",
    null,
  ],
  [
    'anyone imports IsOptional',
    RUNTIME_FILE,
    "import { IsOptional } from 'class-validator';",
    'OptionalField',
  ],
];

describe('import boundaries (eslint.config.mjs)', () => {
  let answers: string[][];

  beforeAll(() => {
    // Each snippet uses what it imports, so that only the import itself can be the problem.
    answers = lintAll(
      CASES.map(([, filePath, code]) => ({
        filePath: resolve(ROOT, filePath),
        code: `${code}\nexport const used = [${/import (?:\{ )?(\w+)/.exec(code)![1]}];\n`,
      })),
    );
  }, 60_000);

  it.each(CASES.map((entry, index) => [...entry, index] as const))(
    '%s (%s)',
    (_what, _file, _code, expected, index) => {
      if (expected === null) expect(answers[index]).toEqual([]);
      else expect(answers[index]).toEqual([expect.stringContaining(expected)]);
    },
  );
});
