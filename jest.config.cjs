// The whole suite in one jest run (npm test). Each project also runs alone: `npx nx test <project>`.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['libs', 'services', 'tools']
  .filter((dir) => fs.existsSync(path.join(__dirname, dir)))
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(__dirname, dir))
      .flatMap((name) => [
        path.join(__dirname, dir, name, 'jest.config.cjs'),
        path.join(__dirname, dir, name, 'domain', 'jest.config.cjs'),
      ])
      .filter((file) => fs.existsSync(file)),
  );

module.exports = {
  testTimeout: 30_000,
  projects: [
    ...projects,
    path.join(__dirname, 'test/jest.config.cjs'),
    path.join(__dirname, 'test/e2e/jest.config.cjs'),
    path.join(__dirname, 'test/chaos/jest.config.cjs'),
  ].filter((f) =>
    fs.existsSync(f),
  ),
};
