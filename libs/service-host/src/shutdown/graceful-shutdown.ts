import type { Logger } from 'pino';

export type ShutdownStep = readonly [what: string, run: () => Promise<void>];

export interface ShutdownOptions {
  /** Run in order, each after the previous one settled; a failing step is logged and the next runs. */
  readonly steps: readonly ShutdownStep[];
  /** After this, the process exits with code 1 whatever is still running. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly exit: (code: number) => void;
}

/**
 * Stops a service in a known order and exits: 0 when every step finished, 1 when one failed or
 * the whole did not finish within the timeout. Returns the function that starts it; calling it
 * again while it runs does nothing (a terminal's Ctrl-C and `npm start` may both signal).
 */
export function gracefulShutdown({
  steps,
  timeoutMs,
  logger,
  exit,
}: ShutdownOptions): (reason: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (reason) => {
    if (running) {
      logger.info({ reason }, 'already shutting down');
      return running;
    }
    running = run(reason);
    return running;
  };

  async function run(reason: string): Promise<void> {
    logger.info({ reason, timeoutMs }, 'shutting down');
    let current = 'start';
    const timer = setTimeout(() => {
      logger.error(
        { step: current, timeoutMs },
        `shutdown did not finish within ${timeoutMs} ms (stuck at: ${current}); exiting`,
      );
      exit(1);
    }, timeoutMs);
    let failed = false;
    for (const [what, step] of steps) {
      current = what;
      try {
        await step();
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: what }, `shutdown step failed: ${what}`);
      }
    }
    clearTimeout(timer);
    logger.info({ exitCode: failed ? 1 : 0 }, 'stopped');
    exit(failed ? 1 : 0);
  }
}

/** Starts `shutdown` on SIGTERM and SIGINT. */
export function onTerminationSignals(shutdown: (reason: string) => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}
