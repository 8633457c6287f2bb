module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'rollout-domain',
  rootDir: __dirname,
};
