// The chaos suite (issue 12): unit specs of its plan, schedule and checks, and the short seeded
// run (chaos.e2e.spec.ts) that starts its own servers and two instances of every built service.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/*.e2e.spec.ts'],
};
