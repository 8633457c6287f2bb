// Whole-repository checks (compose, Dockerfile, Prometheus config against libs/contracts' SERVICES).
// They read files only, so this project starts no test servers.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'repo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
