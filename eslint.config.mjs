import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/*
 * Import boundaries (docs/architecture.md, "Boundaries"). ESLint applies only the last matching
 * options of a rule, so each block below repeats the ones before it that also cover its files.
 */
const NO_IS_OPTIONAL = {
  name: 'class-validator',
  importNames: ['IsOptional'],
  message:
    'IsOptional lets null through as if the field were left out; use OptionalField from src/common/validation.',
};

const bannedPackages = (names, message) => names.map((name) => ({ name, message }));

// axios stays in src/atlassian/, where clients get the allowed hosts, timeouts and masking.
const AXIOS = {
  paths: bannedPackages(['axios'], 'Only src/atlassian/ imports axios; use src/atlassian/http.'),
  patterns: [{ regex: '^axios/', message: 'Only src/atlassian/ imports axios.' }],
};

// Outside its folder a spoke is known only through the list in src/spokes/index.ts.
const SPOKE_FOLDERS = {
  paths: [],
  patterns: [
    {
      regex: '(^|/)spokes/(?!(index|spoke)$)[^/]+',
      message:
        "Import the spokes through src/spokes (the list) or src/spokes/spoke, not a spoke's folder.",
    },
  ],
};

// A spoke action describes requests and shapes answers; the runtime sends them through the
// connection (ActionContext.call). It may use the action contract and the runtime's paging
// helpers and upstream types, nothing that stores, encrypts or talks HTTP.
const SPOKE_ONLY_DESCRIBES = {
  paths: [
    ...bannedPackages(
      ['typeorm', '@nestjs/typeorm', 'better-sqlite3', 'pg'],
      'Spokes use no database; the runtime records executions.',
    ),
    ...bannedPackages(
      ['node:crypto', 'crypto'],
      'Spokes do no cryptography; secrets stay in the runtime.',
    ),
    ...bannedPackages(
      ['node:http', 'node:https', 'http', 'https', 'undici', 'node-fetch'],
      'Spokes send requests only through ActionContext.call.',
    ),
  ],
  patterns: [
    { regex: '^(typeorm|pg|undici)/', message: 'Spokes use no database or HTTP library.' },
    {
      regex: '(^|/)(database|crypto|atlassian|connections|credentials|oauth|identity)(/|$)',
      message: 'Spokes use no database, crypto, credentials or HTTP client; only ActionContext.',
    },
  ],
};

// Spoke code (not its tests, which may run the catalog) sees only the action contract.
const SPOKE_ACTIONS_CONTRACT = {
  paths: [],
  patterns: [
    {
      regex: '(^|/)actions/(?!(action-definition|runtime/paging|runtime/upstream-client)$)',
      message:
        'Spokes may import from src/actions only action-definition, runtime/paging and runtime/upstream-client.',
    },
  ],
};

// The console reads and writes through the services, never through TypeORM repositories.
const CONSOLE_NO_REPOSITORY = {
  paths: bannedPackages(
    ['typeorm', '@nestjs/typeorm'],
    'The console uses the feature services, not TypeORM repositories.',
  ),
  patterns: [
    { regex: '^typeorm/', message: 'The console uses the feature services, not TypeORM.' },
  ],
};

function restrictImports(...boundaries) {
  return [
    'error',
    {
      paths: [NO_IS_OPTIONAL, ...boundaries.flatMap((boundary) => boundary.paths)],
      patterns: boundaries.flatMap((boundary) => boundary.patterns),
    },
  ];
}

const PRODUCT_CODE = { ignores: ['src/**/*.spec.ts'] };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': restrictImports(),
    },
  },
  {
    ...PRODUCT_CODE,
    files: ['src/**/*.ts'],
    ignores: [...PRODUCT_CODE.ignores, 'src/atlassian/**', 'src/spokes/**'],
    rules: { 'no-restricted-imports': restrictImports(AXIOS, SPOKE_FOLDERS) },
  },
  {
    files: ['src/console/**/*.ts'],
    ignores: PRODUCT_CODE.ignores,
    rules: {
      'no-restricted-imports': restrictImports(AXIOS, SPOKE_FOLDERS, CONSOLE_NO_REPOSITORY),
    },
  },
  {
    files: ['src/spokes/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports(AXIOS, SPOKE_ONLY_DESCRIBES) },
  },
  {
    ...PRODUCT_CODE,
    files: ['src/spokes/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(AXIOS, SPOKE_ONLY_DESCRIBES, SPOKE_ACTIONS_CONTRACT),
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Response bodies from supertest are untyped JSON; the assertions are what check them.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
