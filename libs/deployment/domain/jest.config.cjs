module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'deployment-domain',
  rootDir: __dirname,
};
