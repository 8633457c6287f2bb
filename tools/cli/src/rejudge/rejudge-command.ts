import {
  EXECUTION_ID_RULE,
  EXECUTION_ID_PATTERN,
  METRIC_NAMES,
  type JudgeSettings,
  type MetricName,
  type RolloutEvent,
} from '@hotswap/contracts';
import {
  DEFAULT_MANN_WHITNEY_SETTINGS,
  DEFAULT_THRESHOLD_SETTINGS,
  judgeCanary,
} from '@hotswap/canary-analysis';
import { CommandFailed, UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';
import { parseCommandLine } from '../modules/command-line.js';

export const REJUDGE_USAGE =
  'hotswap rejudge <executionId> [--judge threshold|mann-whitney] [--threshold <ratio | metric=ratio,…>] [--confidence <0..1>] [--pass-score <0..100>] [--json]';

type Analyzed = Extract<RolloutEvent, { type: 'CanaryWaveAnalyzed' }>['data'];

export interface RejudgedWave {
  readonly wave: number;
  readonly recorded: { readonly judge: string; readonly verdict: string };
  readonly rejudged: { readonly judge: string; readonly verdict: string; readonly score: number };
  readonly changed: boolean;
  readonly reason: string | null;
}

/**
 * `hotswap rejudge`: runs the canary analysis of a deployment's rollout again, wave by wave, on
 * the readings its CanaryWaveAnalyzed events recorded, under another policy (another judge, other
 * thresholds), and shows whether each decision would have changed: policies tuned on real
 * evidence. Waves recorded before readings were kept cannot be judged again and say so.
 */
export async function rejudgeCommand(
  args: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const json = args.includes('--json');
  const { positional, options } = parseCommandLine(
    args.filter((a) => a !== '--json'),
    ['--judge', '--threshold', '--confidence', '--pass-score'],
    REJUDGE_USAGE,
  );
  const [executionId, extra] = positional;
  if (executionId === undefined) {
    throw new UsageError(`Missing argument <executionId> (usage: ${REJUDGE_USAGE})`);
  }
  if (extra !== undefined)
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${REJUDGE_USAGE})`);
  if (!EXECUTION_ID_PATTERN.test(executionId)) {
    throw new UsageError(
      `Argument <executionId> '${executionId}' is not an execution id (${EXECUTION_ID_RULE})`,
    );
  }
  const judgeName = options.get('--judge');
  if (judgeName !== undefined && judgeName !== 'threshold' && judgeName !== 'mann-whitney') {
    throw new UsageError(`Option --judge '${judgeName}' must be threshold or mann-whitney`);
  }

  const connection = await openStore(storeLocation());
  try {
    const events = await connection.store.readStream(`rollout-${executionId}`);
    const waves = events
      .filter((e) => e.type === 'CanaryWaveAnalyzed')
      .map((e) => e.data as Analyzed);
    if (events.length === 0)
      throw new CommandFailed(`No rollout ${executionId} in the event store`);
    if (waves.length === 0) {
      throw new CommandFailed(`Rollout ${executionId} has no canary analysis to judge again`);
    }
    const results: RejudgedWave[] = [];
    for (const wave of waves) {
      if (!wave.samples) {
        throw new CommandFailed(
          `Wave ${wave.wave} of ${executionId} was recorded without its readings (before they were kept): it cannot be judged again`,
        );
      }
      const settings = policy(wave.judgement.settings, judgeName, options);
      const judgement = judgeCanary(wave.samples.baseline, wave.samples.canary, settings);
      results.push({
        wave: wave.wave,
        recorded: { judge: wave.judgement.judge, verdict: wave.judgement.verdict },
        rejudged: { judge: judgement.judge, verdict: judgement.verdict, score: judgement.score },
        changed: judgement.verdict !== wave.judgement.verdict,
        reason: judgement.reason,
      });
    }
    if (json) {
      results.forEach((r) => write(JSON.stringify(r)));
      return;
    }
    write('wave  recorded                 rejudged                 changed');
    for (const r of results) {
      write(
        `${String(r.wave).padEnd(4)}  ${`${r.recorded.verdict} (${r.recorded.judge})`.padEnd(23)}  ${`${r.rejudged.verdict} (${r.rejudged.judge})`.padEnd(23)}  ${r.changed ? 'YES' : 'no'}${r.reason ? `  ${r.reason}` : ''}`,
      );
    }
    const changed = results.filter((r) => r.changed).length;
    write(`${changed} of ${results.length} wave decisions would change under this policy`);
  } finally {
    await connection.close();
  }
}

/** The recorded settings with the options applied (another judge starts from its defaults). */
function policy(
  recorded: JudgeSettings,
  judgeName: string | undefined,
  options: ReadonlyMap<string, string>,
): JudgeSettings {
  const judge = judgeName ?? recorded.judge;
  if (judge === 'threshold') {
    const base = recorded.judge === 'threshold' ? recorded : DEFAULT_THRESHOLD_SETTINGS;
    for (const name of ['--confidence', '--pass-score']) {
      if (options.has(name)) throw new UsageError(`Option ${name} is for the mann-whitney judge`);
    }
    const threshold = options.get('--threshold');
    return threshold === undefined
      ? base
      : { ...base, maxRatio: { ...base.maxRatio, ...ratios(threshold) } };
  }
  const base = recorded.judge === 'mann-whitney' ? recorded : DEFAULT_MANN_WHITNEY_SETTINGS;
  if (options.has('--threshold')) {
    throw new UsageError('Option --threshold is for the threshold judge (ratios)');
  }
  const confidence = number(options.get('--confidence'), '--confidence', 0.5, 0.9999);
  const passScore = number(options.get('--pass-score'), '--pass-score', 0, 100);
  return {
    ...base,
    ...(confidence === undefined ? {} : { confidence }),
    ...(passScore === undefined
      ? {}
      : { passScore, marginalScore: Math.min(base.marginalScore, passScore) }),
  };
}

/** `1.2` for every metric, or `errorRate=1.2,latencyMs=1.5`. */
function ratios(text: string): Partial<Record<MetricName, number>> {
  const all = Number(text);
  if (/^\d+(\.\d+)?$/.test(text) && all >= 1) {
    return Object.fromEntries(METRIC_NAMES.map((metric) => [metric, all]));
  }
  const result: Partial<Record<MetricName, number>> = {};
  for (const part of text.split(',')) {
    const [metric, value] = part.split('=');
    const ratio = Number(value);
    if (!METRIC_NAMES.includes(metric as MetricName) || !(ratio >= 1)) {
      throw new UsageError(
        `Option --threshold '${text}' must be a ratio of at least 1, or metric=ratio pairs (metrics: ${METRIC_NAMES.join(', ')})`,
      );
    }
    result[metric as MetricName] = ratio;
  }
  return result;
}

function number(text: string | undefined, option: string, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) {
    throw new UsageError(`Option ${option} '${text}' must be a number from ${min} to ${max}`);
  }
  return value;
}
