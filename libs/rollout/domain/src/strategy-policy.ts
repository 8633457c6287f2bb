import {
  ALLOWED_STRATEGIES,
  ENVIRONMENTS,
  STRATEGY_OF,
  type Environment,
  type JudgeName,
  type JudgeSettings,
  type StrategyName,
  type StrategyOverrides,
  type StrategySettings,
} from '@hotswap/contracts';
import {
  DEFAULT_MANN_WHITNEY_SETTINGS,
  DEFAULT_THRESHOLD_SETTINGS,
} from '@hotswap/canary-analysis';
// eslint-disable-next-line @nx/enforce-module-boundaries -- reading HOTSWAP_* variables moves to libs/config (issue 13, open)
import {
  InvalidVariable,
  readEnum,
  readInt,
  readString,
  type Environment as Variables,
  type VariableProblems,
} from '@hotswap/config';
import { parsePercent } from './plan-steps.js';

type Settings<S extends StrategyName> = Extract<StrategySettings, { strategy: S }>;
export type OverridableSetting = keyof StrategyOverrides;
export const OVERRIDABLE_SETTINGS: readonly OverridableSetting[] = [
  'batchSize',
  'waves',
  'waveWaitMs',
  'judge',
  'smokeTestMs',
  'switchBackWindowMs',
];
const SETTING_STRATEGY: Readonly<Record<OverridableSetting, StrategyName>> = {
  batchSize: 'Rolling',
  waves: 'Canary',
  waveWaitMs: 'Canary',
  judge: 'Canary',
  smokeTestMs: 'BlueGreen',
  switchBackWindowMs: 'BlueGreen',
};
const MAX_WAIT_MS = 24 * 60 * 60_000;

/** One environment's strategies: which a request may ask for, their knobs, which knobs it may set. */
export interface EnvironmentPolicy {
  readonly allowed: readonly StrategyName[];
  readonly rolling: Settings<'Rolling'>;
  readonly blueGreen: Settings<'BlueGreen'>;
  readonly canary: Settings<'Canary'>;
  readonly overridable: readonly OverridableSetting[];
}
export type StrategyPolicy = Readonly<Record<Environment, EnvironmentPolicy>>;

const DEFAULT_OVERRIDABLE: Readonly<Record<Environment, readonly OverridableSetting[]>> = {
  Development: OVERRIDABLE_SETTINGS,
  QA: ['batchSize'],
  Staging: ['smokeTestMs'],
  Production: [],
};

export const judgeSettings = (judge: JudgeName): JudgeSettings =>
  judge === 'threshold' ? DEFAULT_THRESHOLD_SETTINGS : DEFAULT_MANN_WHITNEY_SETTINGS;

/**
 * The strategy policy from the environment variables. Each knob is `HOTSWAP_<KNOB>` for every
 * environment, and `HOTSWAP_<ENVIRONMENT>_<KNOB>` for one (that one wins): e.g.
 * `HOTSWAP_PRODUCTION_CANARY_WAVE_WAIT_MS=0`. Bad values are collected in `problems`.
 */
export function readStrategyPolicy(env: Variables, problems: VariableProblems): StrategyPolicy {
  const entries = ENVIRONMENTS.map((environment) => {
    const name = (knob: string) => {
      const specific = `HOTSWAP_${environment.toUpperCase()}_${knob}`;
      return env[specific]?.trim() ? specific : `HOTSWAP_${knob}`;
    };
    const int = (knob: string, fallback: number, max = MAX_WAIT_MS) =>
      problems.read(() => readInt(env, name(knob), { default: fallback, min: 0, max }), fallback);
    const waves = problems.read(() => {
      const variable = name('CANARY_WAVES');
      const text = readString(env, variable, {
        default: '10,30,50,100',
        expected: 'percentages separated by commas, increasing, ending at 100 (10,30,50,100)',
      });
      const parsed = parseWaves(text.split(','));
      if (typeof parsed === 'string') throw new InvalidVariable(variable, parsed);
      return parsed;
    }, [10, 30, 50, 100]);
    const batch = problems.read(() => {
      const variable = name('ROLLING_BATCH_SIZE');
      const text = readString(env, variable, {
        default: '2',
        expected: 'a node count or a percentage',
      });
      const parsed = parseBatch(/^\d+$/.test(text) ? Number(text) : text);
      if ('problem' in parsed) throw new InvalidVariable(variable, parsed.problem);
      return parsed.value;
    }, 2);
    const judge = problems.read(
      () =>
        readEnum(env, name('CANARY_JUDGE'), ['threshold', 'mann-whitney'] as const, {
          default: 'threshold',
        }),
      'threshold',
    );
    const overridable = problems.read(() => {
      const variable = name('OVERRIDABLE_SETTINGS');
      const text = env[variable]?.trim();
      if (!text) return DEFAULT_OVERRIDABLE[environment];
      if (text === 'none') return [];
      const names = text.split(',').map((s) => s.trim());
      const unknown = names.filter((n) => !(OVERRIDABLE_SETTINGS as string[]).includes(n));
      if (unknown.length > 0) {
        throw new InvalidVariable(
          variable,
          `names unknown settings ${unknown.join(', ')}: expected 'none' or some of ${OVERRIDABLE_SETTINGS.join(', ')}`,
        );
      }
      return names as OverridableSetting[];
    }, DEFAULT_OVERRIDABLE[environment]);
    const policy: EnvironmentPolicy = {
      allowed: ALLOWED_STRATEGIES[environment],
      rolling: { strategy: 'Rolling', batchSize: batch },
      blueGreen: {
        strategy: 'BlueGreen',
        smokeTestMs: int('BLUE_GREEN_SMOKE_TEST_MS', 5 * 60_000),
        switchBackWindowMs: int('BLUE_GREEN_SWITCH_BACK_WINDOW_MS', 10 * 60_000),
      },
      canary: {
        strategy: 'Canary',
        waves,
        waveWaitMs: int('CANARY_WAVE_WAIT_MS', 5 * 60_000),
        judge: judgeSettings(judge),
        samplesPerNode: int('CANARY_SAMPLES_PER_NODE', 5, 100) || 1,
        maxSampledNodes: int('CANARY_MAX_SAMPLED_NODES', 200, 500) || 1,
      },
      overridable,
    };
    return [environment, policy] as const;
  });
  return Object.fromEntries(entries) as Record<Environment, EnvironmentPolicy>;
}

export type ResolvedStrategy =
  | { readonly ok: true; readonly strategy: StrategyName; readonly settings: StrategySettings }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> };

/**
 * The strategy and knobs of a rollout to `environment`: the environment's own strategy unless the
 * request names another the policy allows, its knobs with the request's overrides where the
 * policy lets the request set them. Problems name the request's fields (`strategy`,
 * `overrides.waveWaitMs`).
 */
export function resolveStrategy(
  policy: StrategyPolicy,
  environment: Environment,
  requested: StrategyName | undefined,
  overrides: StrategyOverrides = {},
): ResolvedStrategy {
  const rules = policy[environment];
  const strategy = requested ?? STRATEGY_OF[environment];
  const fields: Record<string, string> = {};
  if (!rules.allowed.includes(strategy)) {
    fields['strategy'] =
      `${strategy} is not allowed in ${environment} (allowed: ${rules.allowed.join(', ')})`;
  }
  for (const [key, value] of Object.entries(overrides) as [OverridableSetting, unknown][]) {
    if (value === undefined) continue;
    const field = `overrides.${key}`;
    if (!(key in SETTING_STRATEGY)) fields[field] = 'is not a setting of any strategy';
    else if (SETTING_STRATEGY[key] !== strategy)
      fields[field] = `applies to ${SETTING_STRATEGY[key]}, not to ${strategy}`;
    else if (!rules.overridable.includes(key))
      fields[field] = `may not be set by a request in ${environment}`;
  }
  const checked = checkOverrideValues(overrides as Readonly<Record<string, unknown>>);
  Object.assign(
    fields,
    Object.fromEntries(Object.entries(checked.fields).filter(([k]) => !fields[k])),
  );
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const o = checked.values;
  switch (strategy) {
    case 'Direct':
      return { ok: true, strategy, settings: { strategy } };
    case 'Rolling':
      return { ok: true, strategy, settings: { ...rules.rolling, ...pick(o, 'batchSize') } };
    case 'BlueGreen':
      return {
        ok: true,
        strategy,
        settings: {
          ...rules.blueGreen,
          ...pick(o, 'smokeTestMs'),
          ...pick(o, 'switchBackWindowMs'),
        },
      };
    case 'Canary':
      return {
        ok: true,
        strategy,
        settings: {
          ...rules.canary,
          ...pick(o, 'waves'),
          ...pick(o, 'waveWaitMs'),
          ...(o.judge === undefined ? {} : { judge: judgeSettings(o.judge) }),
        },
      };
  }
}

function pick<K extends keyof StrategyOverrides>(
  values: StrategyOverrides,
  key: K,
): Partial<Pick<Required<StrategyOverrides>, K>> {
  return values[key] === undefined
    ? {}
    : ({ [key]: values[key] } as Pick<Required<StrategyOverrides>, K>);
}

/** Checks the values of overrides (whatever their strategy); for requests and the gateway alike. */
export function checkOverrideValues(overrides: Readonly<Record<string, unknown>>): {
  values: StrategyOverrides;
  fields: Record<string, string>;
} {
  const fields: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const field = `overrides.${key}`;
    const problem = checkValue(key, value);
    if (problem === undefined) values[key] = value;
    else fields[field] = problem;
  }
  return { values: values, fields };
}

function checkValue(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'batchSize': {
      if (typeof value !== 'number' && typeof value !== 'string') return BAD_BATCH;
      const parsed = parseBatch(value);
      return 'problem' in parsed ? parsed.problem : undefined;
    }
    case 'waves': {
      if (!Array.isArray(value)) return 'must be a list of percentages, e.g. [10, 30, 50, 100]';
      const parsed = parseWaves(value);
      return typeof parsed === 'string' ? parsed : undefined;
    }
    case 'waveWaitMs':
    case 'smokeTestMs':
    case 'switchBackWindowMs':
      return Number.isSafeInteger(value) &&
        (value as number) >= 0 &&
        (value as number) <= MAX_WAIT_MS
        ? undefined
        : `must be a whole number of milliseconds from 0 to ${MAX_WAIT_MS}`;
    case 'judge':
      return value === 'threshold' || value === 'mann-whitney'
        ? undefined
        : "must be 'threshold' or 'mann-whitney'";
    default:
      return 'is not a setting of any strategy';
  }
}

const BAD_BATCH = 'must be a node count of at least 1 or a percentage like "25%"';

function parseBatch(value: number | string): { value: number | string } | { problem: string } {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 1 ? { value } : { problem: BAD_BATCH };
  }
  return parsePercent(value) === undefined ? { problem: BAD_BATCH } : { value };
}

function parseWaves(items: readonly unknown[]): number[] | string {
  const waves = items.map((item) => (typeof item === 'string' ? Number(item.trim()) : item));
  const numbers = waves.filter((w): w is number => typeof w === 'number' && Number.isFinite(w));
  if (numbers.length !== waves.length || numbers.length === 0 || numbers.length > 20) {
    return 'must be 1 to 20 percentages';
  }
  if (numbers.some((w) => w <= 0 || w > 100)) return 'must be percentages above 0 and at most 100';
  if (numbers.some((w, i) => i > 0 && w <= numbers[i - 1]!))
    return 'must increase from wave to wave';
  if (numbers.at(-1) !== 100) return 'must end at 100 (the whole cluster)';
  return numbers;
}
