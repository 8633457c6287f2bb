/** A dependency check: resolves when the dependency answers, rejects (with why) when it does not. */
export type Probe = () => Promise<void>;

export interface ReadinessReport {
  /** `ok` only when every check is `up`. */
  readonly status: 'ok' | 'unavailable';
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
  /** Why each `down` check is down; absent when everything is up. */
  readonly reasons?: Readonly<Record<string, string>>;
}

/**
 * Runs every probe at once, each bounded by `timeoutMs`, so a hung dependency makes the service
 * unready instead of making the readiness request hang.
 */
export async function checkReadiness(
  probes: Readonly<Record<string, Probe>>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const names = Object.keys(probes);
  const outcomes = await Promise.all(
    names.map((name) =>
      withTimeout(probes[name], timeoutMs).then(
        () => undefined,
        (error: unknown) => reasonOf(error),
      ),
    ),
  );
  const checks: Record<string, 'up' | 'down'> = {};
  const reasons: Record<string, string> = {};
  names.forEach((name, index) => {
    const reason = outcomes[index];
    checks[name] = reason === undefined ? 'up' : 'down';
    if (reason !== undefined) reasons[name] = reason;
  });
  return Object.keys(reasons).length === 0
    ? { status: 'ok', checks }
    : { status: 'unavailable', checks, reasons };
}

async function withTimeout(probe: Probe | undefined, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A probe that throws synchronously counts as down too.
    await Promise.race([Promise.resolve().then(() => probe?.()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text === '' ? 'failed without a message' : text;
}
