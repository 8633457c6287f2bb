module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'strategy-runner',
  rootDir: __dirname,
};
