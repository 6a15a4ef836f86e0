// Three projects: unit tests beside the code; end-to-end tests that start the real app on a
// real database (SQLite file by default, PostgreSQL when HUB_TEST_DATABASE=postgres); and browser
// tests of the console in headless Chromium (`npm run test:browser` runs them alone).
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
};

module.exports = {
  // A safety net behind each suite's afterAll: if anything a test opened still holds the process
  // 10 s after the run, it prints one line naming it and exits with status 1 instead of hanging.
  globalTeardown: '<rootDir>/test/support/jest-exit-guard.ts',
  projects: [
    { ...common, displayName: 'unit', rootDir: 'src', testRegex: '.*\\.spec\\.ts$' },
    {
      ...common,
      displayName: 'e2e',
      rootDir: 'test',
      testRegex: '.*\\.e2e-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/support/jest-setup.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      rootDir: 'test',
      testRegex: '.*\\.browser-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/browser/support/jest-setup.ts'],
    },
  ],
};
