module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'approval-domain',
  rootDir: __dirname,
};
