module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'node-domain',
  rootDir: __dirname,
};
