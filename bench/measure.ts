/** Small measuring kit for the benchmarks: timings, percentiles, bounded concurrency, printing. */

export interface Figures {
  readonly name: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latency percentiles in milliseconds; absent for throughput-only runs. */
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[index] ?? Number.NaN;
}

/** Figures from latencies measured elsewhere (milliseconds) over `seconds` of wall time. */
export function figuresOf(name: string, latencies: readonly number[], seconds: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
  };
}

/** Runs `operation` `count` times one after another, timing each. */
export async function awaitedOneByOne(
  name: string,
  count: number,
  operation: (i: number) => Promise<unknown>,
): Promise<Figures> {
  const latencies: number[] = new Array<number>(count);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await operation(i);
    latencies[i] = performance.now() - t0;
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
  };
}

export interface Timed {
  readonly name: string;
  readonly run: (i: number) => Promise<unknown>;
}

/**
 * awaitedOneByOne for a baseline and a candidate compared with each other: they take turns in
 * rounds, so drift during the run (page cache, CPU frequency, the other core's load) falls on both.
 */
export async function awaitedInTurns(
  count: number,
  round: number,
  baseline: Timed,
  candidate: Timed,
): Promise<[Figures, Figures]> {
  const operations = [baseline, candidate];
  const latencies: number[][] = [[], []];
  const elapsed = [0, 0];
  for (let done = 0; done < count; done += round) {
    for (let k = 0; k < operations.length; k++) {
      const start = performance.now();
      for (let i = done; i < Math.min(count, done + round); i++) {
        const t0 = performance.now();
        await operations[k]!.run(i);
        latencies[k]!.push(performance.now() - t0);
      }
      elapsed[k]! += performance.now() - start;
    }
  }
  const figures = (k: number): Figures => {
    const sorted = latencies[k]!.sort((a, b) => a - b);
    const seconds = elapsed[k]! / 1000;
    return {
      name: operations[k]!.name,
      count,
      seconds,
      perSecond: count / seconds,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
    };
  };
  return [figures(0), figures(1)];
}

/** Runs `operation` `count` times with at most `inFlight` running at once. */
export async function pipelined(
  name: string,
  count: number,
  inFlight: number,
  operation: (i: number) => Promise<unknown>,
): Promise<Figures> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await operation(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { name, count, seconds, perSecond: count / seconds };
}

const ms = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(3)} ms`);

export function printFigures(figures: readonly Figures[]): void {
  const rows = figures.map((f) => [
    f.name,
    String(f.count),
    `${Math.round(f.perSecond).toLocaleString('en-US')}/s`,
    ms(f.p50),
    ms(f.p90),
    ms(f.p99),
  ]);
  const header = ['measurement', 'n', 'throughput', 'p50', 'p90', 'p99'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** Prints `adapter / raw` for throughput, and the expectation it is held to, if any. */
export function printRatio(
  label: string,
  adapter: Figures,
  raw: Figures,
  expectedAtLeast?: number,
): boolean {
  const ratio = adapter.perSecond / raw.perSecond;
  const verdict =
    expectedAtLeast === undefined
      ? ''
      : ratio >= expectedAtLeast
        ? `  (expected >= ${expectedAtLeast}: met)`
        : `  (expected >= ${expectedAtLeast}: NOT MET)`;
  console.log(`ratio ${label}: ${ratio.toFixed(2)}${verdict}`);
  return expectedAtLeast === undefined || ratio >= expectedAtLeast;
}

/**
 * The variables of a gateway process a benchmark starts on its servers: an event store stream of
 * its own (`<name>`), quiet logs, no rate limits (one client asks faster than people do).
 */
export function benchGatewayEnv(name: string): Record<string, string> & {
  readonly HOTSWAP_JETSTREAM_STREAM: string;
  readonly HOTSWAP_JETSTREAM_SUBJECT_PREFIX: string;
} {
  return {
    NATS_URL: requiredEnv('NATS_URL'),
    REDIS_URL: requiredEnv('REDIS_URL'),
    HOTSWAP_JETSTREAM_STREAM: name.toUpperCase(),
    HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${name}.es`,
    HOTSWAP_LOG_LEVEL: 'error',
    HOTSWAP_RATE_LIMIT_PER_IP: '0',
    HOTSWAP_RATE_LIMIT_PER_USER: '0',
  };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run benchmarks with npm run bench`);
  return value;
}
