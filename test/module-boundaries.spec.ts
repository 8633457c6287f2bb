import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The boundary rule can fail (issue 13 §2): ESLint's Node API, with the tree's own
 * eslint.config.mjs but without its ignore of __lint-fixtures__, lints a file where a domain
 * library imports an adapter and expects @nx/enforce-module-boundaries to refuse it, and a file
 * that keeps to the boundaries and expects nothing. It runs in a child process because the config
 * is an ES module that jest's CommonJS runtime cannot import.
 */
const root = path.resolve(__dirname, '..');
const fixtures = path.join(root, 'libs/deployment/domain/src/__lint-fixtures__');

interface Message {
  ruleId: string | null;
  message: string;
}

const lint = (file: string): Message[] => {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: ${JSON.stringify(root)}, ignore: false });
    const [result] = await eslint.lintFiles([${JSON.stringify(file)}]);
    process.stdout.write(JSON.stringify(result.messages.map(({ ruleId, message }) => ({ ruleId, message }))));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output.slice(output.indexOf('['))) as Message[];
};

describe('the module boundaries lint', () => {
  it('refuses a domain library importing an adapter', () => {
    const messages = lint(path.join(fixtures, 'imports-an-adapter.ts'));
    expect(messages).toContainEqual({
      ruleId: '@nx/enforce-module-boundaries',
      message: expect.stringContaining(
        'A project tagged with "type:domain" can only depend on',
      ) as string,
    });
  }, 120_000);

  it('accepts a domain library importing contracts and the decider primitives', () => {
    expect(lint(path.join(fixtures, 'imports-contracts.ts'))).toEqual([]);
  }, 120_000);
});
