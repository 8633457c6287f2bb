import type { ChildProcess } from 'node:child_process';

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startNats(options: {
  port?: number;
  dataDir: string;
  quiet?: boolean;
}): Promise<LocalServer>;
export function startRedis(options: {
  port?: number;
  dataDir: string;
  persist?: boolean;
  quiet?: boolean;
}): Promise<LocalServer>;
