import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serviceDefinition, type ServiceName } from '@hotswap/contracts';
import { guardChild } from './local-servers.js';
import { signingEnvironment } from './test-signing-key.js';
import { testJwtSecret } from './test-users.js';

const ROOT = path.resolve(__dirname, '../../..');

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A built service (services/<name>/dist/main.js) running as its own process, as in production:
 * its output is kept for assertions and for the message of a failing test.
 */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /**
   * Starts the service on a port of the system's choosing, with only the variables given (and
   * PATH, and the run's command signing and token keys unless they set HOTSWAP_NATS_SIGNING_KEY or
   * HOTSWAP_JWT_SECRET themselves).
   * `nodeArgs` go to node before the script, e.g. `['--cpu-prof']` to profile the service.
   */
  static start(
    name: ServiceName,
    env: Record<string, string>,
    nodeArgs: readonly string[] = [],
  ): ServiceProcess {
    const main = path.join(ROOT, 'services', name, 'dist', 'main.js');
    if (!existsSync(main)) {
      throw new Error(`${main} is missing: build first (npx tsc -b tsconfig.build.json)`);
    }
    // Guarded: a test run killed from outside leaves no service running.
    const child = guardChild(
      spawn(process.execPath, [...nodeArgs, main], {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          [serviceDefinition(name).portVariable]: '0',
          ...signingEnvironment(),
          // The run's token key, so a gateway accepts the tokens tests mint (testToken()).
          HOTSWAP_JWT_SECRET: testJwtSecret(),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    return new ServiceProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The URL from the service's 'listening' log line, once it has logged it. */
  async url(timeoutMs = 20_000): Promise<string> {
    return this.poll(
      () =>
        this.logLines().find((line) => line['msg'] === 'listening')?.['url'] as string | undefined,
      `${this.name} to listen`,
      timeoutMs,
    );
  }

  /** The port of the service's 'listening' log line; undefined before it listened. */
  listeningPort(): number | undefined {
    const url = this.logLines().find((line) => line['msg'] === 'listening')?.['url'];
    return typeof url === 'string' ? Number(new URL(url).port) : undefined;
  }

  /** Whether the process has exited (it was killed, or it stopped by itself). */
  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Resolves with the URL once GET /health/ready answers 200. */
  async ready(timeoutMs = 20_000): Promise<string> {
    const url = await this.url(timeoutMs);
    await this.poll(
      async () => (await fetch(`${url}/health/ready`)).status === 200 || undefined,
      `${this.name} to be ready`,
      timeoutMs,
    );
    return url;
  }

  /** Like eventually(), but fails at once, with the service's output, when the process exits. */
  private async poll<T>(
    probe: () => Promise<T | undefined> | T | undefined,
    what: string,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await Promise.resolve()
        .then(probe)
        .catch(() => undefined);
      if (value !== undefined) return value;
      if (this.exit) {
        const exit = describeExit(this.exit);
        throw new Error(
          `${this.name} exited (${exit}) while waiting for ${what}:\n${this.output()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}:\n${this.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The exit, or a failure naming the service when it has not exited within `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.name} did not exit within ${timeoutMs} ms:\n${this.output()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Makes sure the process is gone (for afterAll after a failed test). */
  async kill(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  output(): string {
    return `--- stdout\n${this.stdout}--- stderr\n${this.stderr}`;
  }
}

function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}
