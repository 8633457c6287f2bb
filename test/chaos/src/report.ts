/** What a chaos run found: counts, and for each failure figure the entries behind it. */
export interface ChaosFigures {
  readonly planned: number;
  readonly accepted: number;
  readonly terminal: number;
  readonly refused: readonly string[];
  readonly stuck: readonly string[];
  readonly lost: readonly string[];
  readonly wrongOutcomes: readonly string[];
  /** Informational: outcomes other than planned because an operator's action came too late. */
  readonly explainedOutcomes: readonly string[];
  readonly wrongNodeVersions: readonly string[];
  readonly duplicateInstalls: readonly string[];
  readonly duplicateEvents: readonly string[];
  readonly verifyOk: boolean;
  readonly verifyOutput: string;
  /** Answers that changed when the read models were rebuilt, or disagree with the store. */
  readonly readModelDifferences: readonly string[];
  /** Instances whose /health/ready did not answer 200. */
  readonly notReady: readonly string[];
  /** Informational: processes that died without being killed (the supervisor restarted them). */
  readonly unexpectedExits: readonly string[];
  readonly faults: readonly string[];
}

const EXAMPLES = 8;

/** True when every failure figure is 0 (the run passes). */
export function passed(f: ChaosFigures): boolean {
  return (
    f.accepted === f.planned &&
    f.terminal === f.accepted &&
    [
      f.refused,
      f.stuck,
      f.lost,
      f.wrongOutcomes,
      f.wrongNodeVersions,
      f.duplicateInstalls,
      f.duplicateEvents,
      f.readModelDifferences,
      f.notReady,
    ].every((list) => list.length === 0) &&
    f.verifyOk
  );
}

/**
 * The last line of a run. Always the same figures; refused requests, read-model differences and
 * instances not ready are added after them only when they are not 0.
 */
export function summaryLine(f: ChaosFigures): string {
  const extra = [
    f.refused.length > 0 ? `${f.refused.length} refused` : '',
    f.readModelDifferences.length > 0
      ? `${f.readModelDifferences.length} read model differences`
      : '',
    f.notReady.length > 0 ? `${f.notReady.length} not ready` : '',
  ].filter(Boolean);
  return [
    `chaos: ${f.accepted} accepted`,
    `${f.terminal} terminal`,
    `${f.stuck.length} stuck`,
    `${f.lost.length} lost`,
    `${f.wrongOutcomes.length} wrong outcomes`,
    `${f.wrongNodeVersions.length} wrong node versions`,
    `${f.duplicateInstalls.length} duplicate installs`,
    `${f.duplicateEvents.length} duplicate events`,
    `verify ${f.verifyOk ? 'ok' : 'FAILED'}`,
    ...extra,
  ].join(', ');
}

/** Every figure on its own line, with up to EXAMPLES entries under each one that is not 0. */
export function report(f: ChaosFigures): string {
  const lines: string[] = [];
  const figure = (label: string, entries: readonly string[]) => {
    lines.push(`  ${label}: ${entries.length}`);
    for (const entry of entries.slice(0, EXAMPLES)) lines.push(`      ${entry}`);
    if (entries.length > EXAMPLES) lines.push(`      … and ${entries.length - EXAMPLES} more`);
  };
  lines.push(`chaos figures (${f.planned} planned):`);
  lines.push(`  accepted (202): ${f.accepted}`);
  figure('refused (no 202 before the deadline)', f.refused);
  lines.push(`  terminal: ${f.terminal}`);
  figure('stuck (not terminal)', f.stuck);
  figure('lost (202 but not in GET or not in the store)', f.lost);
  figure('wrong outcomes', f.wrongOutcomes);
  figure('outcomes explained by a late pause or abort (informational)', f.explainedOutcomes);
  figure('wrong node versions', f.wrongNodeVersions);
  figure('duplicate installs', f.duplicateInstalls);
  figure('duplicate events', f.duplicateEvents);
  lines.push(`  hotswap verify --all: ${f.verifyOk ? 'ok' : 'FAILED'}`);
  if (!f.verifyOk)
    lines.push(
      ...f.verifyOutput
        .trim()
        .split('\n')
        .slice(-EXAMPLES)
        .map((l) => `      ${l}`),
    );
  figure('read model differences (rebuild, store)', f.readModelDifferences);
  figure('instances not ready', f.notReady);
  figure('unexpected exits (restarted; informational)', f.unexpectedExits);
  lines.push(`  faults injected: ${f.faults.length}`);
  return lines.join('\n');
}
