// Three projects: unit tests beside the code; end-to-end tests that start the real app on a
// real database (SQLite file by default, PostgreSQL when HUB_TEST_DATABASE=postgres); and browser
// tests of the console in headless Chromium (`npm run test:browser` runs them alone).
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
};

module.exports = {
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
