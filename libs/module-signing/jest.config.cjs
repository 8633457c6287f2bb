module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'module-signing',
  rootDir: __dirname,
};
