// Shared jest settings; every project's jest.config.cjs spreads this and sets displayName/rootDir.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;

// Every workspace package (@hotswap/<name>) resolves to its TypeScript source, so tests never
// need a build. Packages live in libs/*, libs/*/domain, services/* and tools/*.
const packageDirs = ['libs', 'services', 'tools']
  .filter((dir) => fs.existsSync(path.join(root, dir)))
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir))
      .flatMap((name) => [path.join(root, dir, name), path.join(root, dir, name, 'domain')]),
  )
  .filter(
    (dir) =>
      fs.existsSync(path.join(dir, 'package.json')) &&
      fs.existsSync(path.join(dir, 'src', 'index.ts')),
  );
const libraryAliases = Object.fromEntries(
  packageDirs.map((dir) => [
    `^${require(path.join(dir, 'package.json')).name}$`,
    path.join(dir, 'src', 'index.ts'),
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
