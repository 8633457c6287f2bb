import type { MetricSample } from '@hotswap/contracts';

interface Stored {
  readonly time: number;
  readonly sample: MetricSample;
}

/** One node's readings, oldest first, in a fixed array reused in a circle. */
class Ring {
  private readonly slots: (Stored | undefined)[];
  private start = 0;
  private size = 0;

  constructor(capacity: number) {
    this.slots = new Array<Stored | undefined>(capacity);
  }

  push(stored: Stored, maxAgeMs: number): void {
    const capacity = this.slots.length;
    if (this.size === capacity) this.dropOldest();
    this.slots[(this.start + this.size) % capacity] = stored;
    this.size++;
    while (this.size > 0 && this.oldest()!.time < stored.time - maxAgeMs) this.dropOldest();
  }

  between(from: number, to: number): MetricSample[] {
    const found: MetricSample[] = [];
    for (let i = 0; i < this.size; i++) {
      const stored = this.slots[(this.start + i) % this.slots.length]!;
      if (stored.time >= from && stored.time <= to) found.push(stored.sample);
    }
    return found;
  }

  private oldest(): Stored | undefined {
    return this.slots[this.start];
  }

  private dropOldest(): void {
    this.slots[this.start] = undefined;
    this.start = (this.start + 1) % this.slots.length;
    this.size--;
  }
}

/**
 * The readings the agent took of each node (published as telemetry, or taken for a metrics
 * query), kept in memory for queries: per node the last `capacity` readings, none older than
 * `maxAgeMs` before the newest. Lost on a restart, like the telemetry itself: a query tops up
 * what is missing with fresh readings.
 */
export class SampleHistory {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly capacity = 1_000,
    private readonly maxAgeMs = 3_600_000,
  ) {}

  /** Records a reading; `time` is `sample.at` in epoch milliseconds, when the caller has it. */
  record(nodeId: string, sample: MetricSample, time = Date.parse(sample.at)): void {
    let ring = this.rings.get(nodeId);
    if (ring === undefined) {
      ring = new Ring(this.capacity);
      this.rings.set(nodeId, ring);
    }
    ring.push({ time, sample }, this.maxAgeMs);
  }

  /** The node's readings taken from `from` to `to` (epoch ms, inclusive), oldest first. */
  between(nodeId: string, from: number, to: number): MetricSample[] {
    return this.rings.get(nodeId)?.between(from, to) ?? [];
  }
}
