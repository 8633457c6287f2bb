// @ts-check
import eslint from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries reads the project graph Nx caches in .nx/workspace-data and
// silently skips every check when there is none (a fresh clone, CI). Building it here first makes
// `npx eslint .` and the ESLint Node API enforce the boundaries without running nx before them;
// it is incremental, so a warm cache costs little. Tags live in each package.json ("nx.tags").
await createProjectGraphAsync({ exitOnError: true });

/**
 * What a project may import, by the type tag of the importer (docs/adr/0014-boundaries-and-tags.md).
 * Nothing may import a service (no constraint lists type:service), and only tests use the testing
 * library, so `withTesting` adds it for spec and test files alone.
 */
const boundaries = (withTesting) => {
  const testing = withTesting ? ['type:testing'] : [];
  return [
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
    {
      sourceTag: 'type:domain',
      onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...testing],
    },
    {
      sourceTag: 'type:adapter',
      onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', ...testing],
    },
    {
      sourceTag: 'type:service',
      onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', ...testing],
    },
    {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', ...testing],
    },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:testing', 'type:adapter', 'type:domain', 'type:contracts'],
    },
  ];
};

const moduleBoundaries = (withTesting) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    {
      allow: [],
      banTransitiveDependencies: false,
      depConstraints: boundaries(withTesting),
      // The integration tests of these two libraries start servers and sign tokens with the
      // testing library, which is built on them: a cycle through spec files only (specs are not
      // built, so no build order depends on it).
      ignoredCircularDependencies: [
        ['@hotswap/event-store', '@hotswap/testing'],
        ['@hotswap/auth', '@hotswap/testing'],
      ],
    },
  ],
});

/** Files that are tests (or test support) in a project: the only ones that may use @hotswap/testing. */
const testFiles = ['**/*.spec.ts', '**/test/**/*.ts', '**/contract/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.nx/**',
      '.data/**',
      'coverage/**',
      '**/*.cjs',
      '**/*.js',
      '**/*.mjs',
      // Imports that break the boundaries on purpose; test/module-boundaries.spec.ts lints them.
      '**/__lint-fixtures__/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...nx.configs['flat/base'],
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // NestJS injects into classes whose only job is wiring; empty constructors with parameter properties are normal.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: moduleBoundaries(false),
  },
  {
    files: testFiles,
    rules: {
      ...moduleBoundaries(true),
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // deploy/ is the top of the graph (it may use libraries; nothing uses it), and a service is
    // reached over NATS or HTTP, never by a path: the Nx rule sees neither, as deploy/ is no
    // project and a relative path into another project's folder is not an import of its package.
    files: ['libs/**/*.ts', 'services/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/deploy/*', '**/deploy/**'],
              message: 'Nothing depends on deploy/: move what is needed into a library.',
            },
            {
              group: ['../**/services/*', '../**/services/**'],
              message: 'A service is reached over NATS or HTTP, never imported.',
            },
          ],
        },
      ],
    },
  },
);
