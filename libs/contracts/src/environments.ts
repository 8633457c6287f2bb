/** The four environments and what each one's pipeline runs (issue 3; DESIGN.md intro). */
export const ENVIRONMENTS = ['Development', 'QA', 'Staging', 'Production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Default number of nodes per environment (node-agent, configurable). */
export const DEFAULT_CLUSTER_SIZES: Readonly<Record<Environment, number>> = {
  Development: 3,
  QA: 5,
  Staging: 10,
  Production: 20,
};

export type StrategyName = 'Direct' | 'Rolling' | 'BlueGreen' | 'Canary';

export const STRATEGY_OF: Readonly<Record<Environment, StrategyName>> = {
  Development: 'Direct',
  QA: 'Rolling',
  Staging: 'BlueGreen',
  Production: 'Canary',
};

export type StageName = 'Build' | 'Test' | 'SecurityScan' | `DeployTo${Environment}` | 'Validation';

/**
 * The strategies a request may ask for per environment (its own first). Production never skips
 * a canary or blue-green check; Development takes anything.
 */
export const ALLOWED_STRATEGIES: Readonly<Record<Environment, readonly StrategyName[]>> = {
  Development: ['Direct', 'Rolling', 'BlueGreen', 'Canary'],
  QA: ['Rolling', 'Direct'],
  Staging: ['BlueGreen', 'Rolling'],
  Production: ['Canary', 'BlueGreen'],
};

export const STRATEGY_NAMES = [
  'Direct',
  'Rolling',
  'BlueGreen',
  'Canary',
] as const satisfies readonly StrategyName[];

/** The pipeline of a deployment to `environment`, in order. */
export function pipelineStages(environment: Environment): readonly StageName[] {
  return ['Build', 'Test', 'SecurityScan', `DeployTo${environment}`, 'Validation'];
}

/** Node ids are `<environment in lower case>-<nn>`: `development-01` … (stream `node-<nodeId>`). */
export function nodeIds(environment: Environment, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${environment.toLowerCase()}-${String(i + 1).padStart(2, '0')}`,
  );
}
