// Shared jest settings; every project's jest.config.cjs spreads this and sets displayName/rootDir.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;

// @hotswap/<name> resolves to the library's TypeScript source, so tests never need a build.
const libraryAliases = Object.fromEntries(
  fs
    .readdirSync(path.join(root, 'libs'), { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && fs.existsSync(path.join(root, 'libs', entry.name, 'package.json')),
    )
    .map((entry) => [
      `^@hotswap/${entry.name}$`,
      path.join(root, 'libs', entry.name, 'src', 'index.ts'),
    ]),
);

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      // Type errors are reported by `npm run typecheck`; transpiling file by file keeps tests fast.
      { tsconfig: path.join(root, 'tsconfig.spec.json'), diagnostics: false },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    ...libraryAliases,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: path.join(root, 'deploy/local/jest-global-setup.mjs'),
  globalTeardown: path.join(root, 'deploy/local/jest-global-teardown.mjs'),
  testTimeout: 30_000,
};
