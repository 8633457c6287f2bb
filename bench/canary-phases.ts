/**
 * Where a canary rollout's time went, from its events' `recordedAt` (the store's clock, the same
 * machine as the benchmark's): the command until RolloutStarted, the baseline capture, each wave's
 * installs and each wave's analysis. Events appended together share one `recordedAt`.
 */
import type { RecordedEvent } from '@hotswap/event-store';

export interface Phase {
  readonly name: string;
  readonly ms: number;
  /** Node installs recorded in the phase (for a rate), when it installs. */
  readonly nodes?: number;
}

const at = (event: RecordedEvent) => event.recordedAt.getTime();

/** The phases of a finished canary rollout whose StartRollout was sent at `sentAt` (epoch ms). */
export function canaryPhases(events: readonly RecordedEvent[], sentAt: number): Phase[] {
  const phases: Phase[] = [];
  let mark = sentAt;
  const close = (name: string, until: number, nodes?: number) => {
    phases.push({ name, ms: until - mark, ...(nodes === undefined ? {} : { nodes }) });
    mark = until;
  };
  let wave: { number: number; nodes: number; lastAnswer: number } | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'RolloutStarted':
        close('StartRollout → RolloutStarted (DescribeCluster, plan)', at(event));
        break;
      case 'BaselineCaptured':
        close('baseline capture', at(event));
        break;
      case 'CanaryWaveStarted': {
        const data = event.data as { wave: number; nodes: string[] };
        wave = { number: data.wave, nodes: data.nodes.length, lastAnswer: at(event) };
        mark = at(event);
        break;
      }
      case 'NodeUpdated':
      case 'NodeUpdateFailed':
        if (wave) wave.lastAnswer = at(event);
        break;
      case 'CanaryWaveAnalyzed':
        if (wave) {
          close(`wave ${wave.number}: installs`, wave.lastAnswer, wave.nodes);
          close(`wave ${wave.number}: analysis`, at(event));
        }
        break;
      case 'RolloutSucceeded':
      case 'RolloutFailed':
      case 'RolloutRolledBack':
        if (at(event) > mark) close(`until ${event.type}`, at(event));
        break;
    }
  }
  return phases;
}

export function printPhases(phases: readonly Phase[]): void {
  const rows = phases.map((p) => [
    p.name,
    p.nodes === undefined ? '' : p.nodes.toLocaleString('en-US'),
    `${p.ms.toLocaleString('en-US')} ms`,
    p.nodes === undefined || p.ms === 0
      ? ''
      : `${Math.round((p.nodes * 1000) / p.ms).toLocaleString('en-US')}/s`,
  ]);
  const header = ['  phase', 'nodes', 'time', 'installs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(['  ' + row[0]!, ...row.slice(1)]));
}
