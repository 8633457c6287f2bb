module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'canary-analysis',
  rootDir: __dirname,
};
