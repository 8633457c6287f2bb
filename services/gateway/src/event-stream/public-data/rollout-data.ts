import type {
  CanaryJudgement,
  JudgeName,
  MetricName,
  MetricVerdict,
  RolloutEvent,
  SampleSummary,
  StrategySettings,
} from '@hotswap/contracts';
import { firstListed, isoTime, type PublicMappers } from './public-mappers.js';

/** How a rollout was run: the strategy's knobs, without the judge's internal thresholds. */
export type PublicStrategySettings =
  | { readonly strategy: 'Direct' }
  | { readonly strategy: 'Rolling'; readonly batchSize: number | string }
  | {
      readonly strategy: 'BlueGreen';
      readonly smokeTestMs: number;
      readonly switchBackWindowMs: number;
    }
  | {
      readonly strategy: 'Canary';
      /** Cumulative share of the cluster per wave, in percent, ending at 100. */
      readonly waves: readonly number[];
      readonly waveWaitMs: number;
      readonly judge: JudgeName;
    };

/** One metric as a canary analysis compared it: its verdict and both sides' summaries. */
export interface PublicMetricComparison {
  readonly metric: MetricName;
  /** `Pass`, `High` / `Low` (the canary is worse by being higher / lower), `NoData`. */
  readonly verdict: MetricVerdict;
  readonly baseline: SampleSummary;
  readonly canary: SampleSummary;
}

/** A node a check found wrong, and why. */
export interface PublicNodeProblem {
  readonly nodeId: string;
  readonly reason: string;
}

/**
 * The public `data` of each event of a rollout (category `rollout`): how a strategy ran against a
 * cluster. Lists of nodes are counted, not copied (a cluster may have thousands); the canary's raw
 * readings are summarised per metric.
 */
export interface PublicRolloutData {
  readonly RolloutStarted: {
    readonly moduleName: string;
    readonly version: string;
    readonly environment: string;
    readonly strategy: string;
    readonly nodeCount: number;
    /** Nodes per batch or wave, in order (Direct and BlueGreen: one step). */
    readonly stepSizes: readonly number[];
    /** Null in rollouts recorded before settings were kept. */
    readonly settings: PublicStrategySettings | null;
    /** The rollout this one rolls back, when it is a rollback of a Completed deployment. */
    readonly revertOf: string | null;
  };
  readonly BaselineCaptured: {
    readonly sampledNodes: number;
    readonly from: string;
    readonly to: string;
  };
  readonly BatchStarted: { readonly batch: number; readonly nodeCount: number };
  readonly BatchHealthChecked: {
    readonly batch: number;
    readonly healthy: boolean;
    readonly unhealthyCount: number;
    /** The first ten of them. */
    readonly unhealthy: readonly PublicNodeProblem[];
  };
  readonly BatchCompleted: { readonly batch: number };
  readonly CanaryWaveStarted: {
    readonly wave: number;
    /** The wave's target share of the cluster. */
    readonly percent: number;
    /** Nodes this wave adds. */
    readonly addedNodes: number;
    /** Nodes on the new version once the wave is installed. */
    readonly canaryNodes: number;
  };
  readonly CanaryWaveAnalyzed: {
    readonly wave: number;
    /** `Marginal` counts as a failure: the rollout turns back. */
    readonly verdict: CanaryJudgement['verdict'];
    /** 0–100. */
    readonly score: number;
    readonly judge: JudgeName;
    /** In words, naming the metrics that failed; null on a pass. */
    readonly reason: string | null;
    readonly metrics: readonly PublicMetricComparison[];
    /** The window the readings come from. */
    readonly from: string;
    readonly to: string;
    readonly canaryNodesSampled: number;
    readonly baselineNodesSampled: number;
  };
  readonly CanaryWaveCompleted: { readonly wave: number };
  readonly SmokeTestChecked: {
    readonly passed: boolean;
    readonly failedCount: number;
    /** The first ten of them. */
    readonly failed: readonly PublicNodeProblem[];
  };
  /** Every node serves the new version; the old one stays on standby until `switchBackUntil`. */
  readonly TrafficSwitched: { readonly nodeCount: number; readonly switchBackUntil: string };
  readonly BlueReleased: Record<string, never>;
  readonly NodeUpdated: {
    readonly nodeId: string;
    readonly version: string;
    readonly previousVersion: string | null;
  };
  readonly NodeUpdateFailed: { readonly nodeId: string; readonly reason: string };
  /** `by`: the operator who paused, resumed, promoted or asked to abort. */
  readonly RolloutPaused: { readonly by: string };
  readonly RolloutResumed: { readonly by: string };
  readonly RolloutPromoted: { readonly by: string };
  readonly RolloutAbortRequested: { readonly by: string };
  readonly RollbackStarted: { readonly reason: string };
  /** `restoredVersion` null: the node had no version before, and now has none. */
  readonly NodeRolledBack: { readonly nodeId: string; readonly restoredVersion: string | null };
  readonly RolloutSucceeded: Record<string, never>;
  readonly RolloutFailed: { readonly reason: string };
  /** The orchestrator gave up on starting it: it never starts. */
  readonly RolloutFenced: { readonly reason: string };
  readonly RolloutRolledBack: { readonly reason: string };
}

function publicSettings(settings: StrategySettings): PublicStrategySettings {
  switch (settings.strategy) {
    case 'Direct':
      return { strategy: 'Direct' };
    case 'Rolling':
      return { strategy: 'Rolling', batchSize: settings.batchSize };
    case 'BlueGreen':
      return {
        strategy: 'BlueGreen',
        smokeTestMs: settings.smokeTestMs,
        switchBackWindowMs: settings.switchBackWindowMs,
      };
    case 'Canary':
      return {
        strategy: 'Canary',
        waves: [...settings.waves],
        waveWaitMs: settings.waveWaitMs,
        judge: settings.judge.judge,
      };
  }
}

const summary = ({ count, mean, p50, p99 }: SampleSummary): SampleSummary => ({
  count,
  mean,
  p50,
  p99,
});

const problems = (list: readonly PublicNodeProblem[]) =>
  firstListed(list).map(({ nodeId, reason }) => ({ nodeId, reason }));

export const ROLLOUT_DATA: PublicMappers<RolloutEvent, PublicRolloutData> = {
  RolloutStarted: (data) => ({
    moduleName: data.moduleName,
    version: data.version,
    environment: data.targetEnvironment,
    strategy: data.strategy,
    nodeCount: data.nodes.length,
    stepSizes: (data.steps ?? [data.nodes]).map((step) => step.length),
    settings: data.settings === undefined ? null : publicSettings(data.settings),
    revertOf: data.revert?.of ?? null,
  }),
  BaselineCaptured: (data) => ({
    sampledNodes: data.sampledNodes,
    from: isoTime(data.from),
    to: isoTime(data.to),
  }),
  BatchStarted: (data) => ({ batch: data.batch, nodeCount: data.nodes.length }),
  BatchHealthChecked: (data) => ({
    batch: data.batch,
    healthy: data.healthy,
    unhealthyCount: data.unhealthy.length,
    unhealthy: problems(data.unhealthy),
  }),
  BatchCompleted: (data) => ({ batch: data.batch }),
  CanaryWaveStarted: (data) => ({
    wave: data.wave,
    percent: data.percent,
    addedNodes: data.nodes.length,
    canaryNodes: data.canaryNodes,
  }),
  CanaryWaveAnalyzed: (data) => ({
    wave: data.wave,
    verdict: data.judgement.verdict,
    score: data.judgement.score,
    judge: data.judgement.judge,
    reason: data.judgement.reason,
    metrics: data.judgement.metrics.map((m) => ({
      metric: m.metric,
      verdict: m.verdict,
      baseline: summary(m.baseline),
      canary: summary(m.canary),
    })),
    from: isoTime(data.from),
    to: isoTime(data.to),
    canaryNodesSampled: data.canaryNodesSampled,
    baselineNodesSampled: data.baselineNodesSampled,
  }),
  CanaryWaveCompleted: (data) => ({ wave: data.wave }),
  SmokeTestChecked: (data) => ({
    passed: data.passed,
    failedCount: data.failed.length,
    failed: problems(data.failed),
  }),
  TrafficSwitched: (data) => ({
    nodeCount: data.nodes,
    switchBackUntil: isoTime(data.switchBackUntil),
  }),
  BlueReleased: () => ({}),
  NodeUpdated: (data) => ({
    nodeId: data.nodeId,
    version: data.version,
    previousVersion: data.previousVersion,
  }),
  NodeUpdateFailed: (data) => ({ nodeId: data.nodeId, reason: data.reason }),
  RolloutPaused: (data) => ({ by: data.by }),
  RolloutResumed: (data) => ({ by: data.by }),
  RolloutPromoted: (data) => ({ by: data.by }),
  RolloutAbortRequested: (data) => ({ by: data.by }),
  RollbackStarted: (data) => ({ reason: data.reason }),
  NodeRolledBack: (data) => ({ nodeId: data.nodeId, restoredVersion: data.restoredVersion }),
  RolloutSucceeded: () => ({}),
  RolloutFailed: (data) => ({ reason: data.reason }),
  RolloutFenced: (data) => ({ reason: data.reason }),
  RolloutRolledBack: (data) => ({ reason: data.reason }),
};
