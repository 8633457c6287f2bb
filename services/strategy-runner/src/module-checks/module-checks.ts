import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { InvalidVariable, type Environment as Variables } from '@hotswap/config';
import type { Environment } from '@hotswap/contracts';

/**
 * A module's own health checks, run on each node of a Rolling batch after its installs (beside
 * the node's telemetry). `{nodeId}`, `{environment}`, `{module}` and `{version}` in a URL, host or
 * argument are replaced by the node's.
 */
export type ModuleCheck =
  | {
      readonly type: 'http';
      readonly url: string;
      readonly expectStatus?: number;
      readonly timeoutMs?: number;
    }
  | {
      readonly type: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly timeoutMs?: number;
    }
  | { readonly type: 'command'; readonly command: readonly string[]; readonly timeoutMs?: number };

/** module name → its checks (HOTSWAP_MODULE_CHECKS, JSON). */
export type ModuleChecks = Readonly<Record<string, readonly ModuleCheck[]>>;

const DEFAULT_TIMEOUT_MS = 5_000;
const VARIABLE = 'HOTSWAP_MODULE_CHECKS';

export interface CheckTarget {
  readonly nodeId: string;
  readonly environment: Environment;
  readonly moduleName: string;
  readonly version: string;
}

/** Reads HOTSWAP_MODULE_CHECKS; none configured is `{}`. Throws InvalidVariable naming the problem. */
export function readModuleChecks(env: Variables): ModuleChecks {
  const text = env[VARIABLE]?.trim();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidVariable(VARIABLE, 'is not JSON: expected {"<module>": [<check>, …]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidVariable(VARIABLE, 'must be a JSON object of module names to lists of checks');
  }
  const checks: Record<string, ModuleCheck[]> = {};
  for (const [moduleName, list] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(list))
      throw new InvalidVariable(VARIABLE, `${moduleName}: expected a list of checks`);
    checks[moduleName] = list.map((check, i) => parseCheck(check, `${moduleName}[${i}]`));
  }
  return checks;
}

function parseCheck(value: unknown, where: string): ModuleCheck {
  const check = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const timeoutMs = check['timeoutMs'];
  if (
    timeoutMs !== undefined &&
    !(
      Number.isSafeInteger(timeoutMs) &&
      (timeoutMs as number) > 0 &&
      (timeoutMs as number) <= 300_000
    )
  ) {
    throw new InvalidVariable(VARIABLE, `${where}.timeoutMs must be 1–300000 ms`);
  }
  const withTimeout = timeoutMs === undefined ? {} : { timeoutMs: timeoutMs as number };
  switch (check['type']) {
    case 'http': {
      const { url, expectStatus } = check;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
        throw new InvalidVariable(VARIABLE, `${where}.url must be an http(s) URL`);
      }
      if (
        expectStatus !== undefined &&
        !(
          Number.isSafeInteger(expectStatus) &&
          (expectStatus as number) >= 100 &&
          (expectStatus as number) <= 599
        )
      ) {
        throw new InvalidVariable(VARIABLE, `${where}.expectStatus must be an HTTP status`);
      }
      return {
        type: 'http',
        url,
        ...(expectStatus === undefined ? {} : { expectStatus: expectStatus as number }),
        ...withTimeout,
      };
    }
    case 'tcp': {
      const { host, port } = check;
      if (typeof host !== 'string' || host === '')
        throw new InvalidVariable(VARIABLE, `${where}.host is required`);
      if (!(Number.isSafeInteger(port) && (port as number) > 0 && (port as number) < 65536)) {
        throw new InvalidVariable(VARIABLE, `${where}.port must be 1–65535`);
      }
      return { type: 'tcp', host, port: port as number, ...withTimeout };
    }
    case 'command': {
      const { command } = check;
      if (
        !Array.isArray(command) ||
        command.length === 0 ||
        !command.every((part) => typeof part === 'string')
      ) {
        throw new InvalidVariable(
          VARIABLE,
          `${where}.command must be a non-empty list: the program, then its arguments`,
        );
      }
      return { type: 'command', command: command, ...withTimeout };
    }
    default:
      throw new InvalidVariable(VARIABLE, `${where}.type must be http, tcp or command`);
  }
}

function fill(text: string, target: CheckTarget): string {
  return text
    .replaceAll('{nodeId}', target.nodeId)
    .replaceAll('{environment}', target.environment)
    .replaceAll('{module}', target.moduleName)
    .replaceAll('{version}', target.version);
}

/** Runs one check; resolves with why it failed, or undefined when it passed. Never rejects. */
export async function runCheck(
  check: ModuleCheck,
  target: CheckTarget,
): Promise<string | undefined> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (check.type) {
    case 'http': {
      const url = fill(check.url, target);
      const expected = check.expectStatus ?? 200;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return response.status === expected
          ? undefined
          : `HTTP ${url} answered ${response.status}, expected ${expected}`;
      } catch (error) {
        return `HTTP ${url} did not answer within ${timeoutMs} ms (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    case 'tcp': {
      const host = fill(check.host, target);
      return new Promise((resolve) => {
        const socket = connect({ host, port: check.port });
        const done = (problem: string | undefined) => {
          clearTimeout(timer);
          socket.destroy();
          resolve(problem);
        };
        const timer = setTimeout(
          () => done(`TCP ${host}:${check.port} did not accept within ${timeoutMs} ms`),
          timeoutMs,
        );
        socket.once('connect', () => done(undefined));
        socket.once('error', (error) =>
          done(`TCP ${host}:${check.port} refused (${error.message})`),
        );
      });
    }
    case 'command': {
      const [program, ...args] = check.command.map((part) => fill(part, target));
      return new Promise((resolve) => {
        execFile(program!, args, { timeout: timeoutMs }, (error) => {
          if (!error) return resolve(undefined);
          const code =
            typeof error.code === 'number'
              ? `exited with ${error.code}`
              : error.killed
                ? `timed out after ${timeoutMs} ms`
                : error.message;
          resolve(`command ${[program, ...args].join(' ')} ${code}`);
        });
      });
    }
  }
}

/** Every check of the module on the node; the reasons of those that failed. */
export async function failedChecks(checks: ModuleChecks, target: CheckTarget): Promise<string[]> {
  const results = await Promise.all(
    (checks[target.moduleName] ?? []).map((check) => runCheck(check, target)),
  );
  return results.filter((problem): problem is string => problem !== undefined);
}
