import { Inject, Injectable } from '@nestjs/common';
import { judgeCanary } from '@hotswap/canary-analysis';
import type { HandleOptions } from '@hotswap/event-sourcing';
import {
  hasSteps,
  nextSteps,
  unhealthyNodes,
  type NodeUpdateResult,
  type RollBackStep,
  type RolloutCommand,
  type RolloutPlan,
  type RolloutState,
  type StartedRollout,
  type Verification,
} from '@hotswap/rollout-domain';
import { Rollouts } from '../rollouts/rollouts.js';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';
import {
  installCommandId,
  NodeClient,
  rollBackCommandId,
  RUNNER_ACTOR,
  type SlotResult,
} from './node-client.js';
import { failedChecks } from '../module-checks/module-checks.js';
import { capped, combined, NodeMetricsClient, pooled, sampleNodes } from './node-metrics-client.js';

/** Readings a BaselineCaptured event keeps per metric. */
const MAX_BASELINE_VALUES = 1_000;
/** How far back the baseline capture looks for readings the nodes already reported. */
const BASELINE_LOOKBACK_MS = 5 * 60_000;

/**
 * Node answers recorded together: those that arrive while one append is being written go into
 * the next one (up to `max`), so 10,000 answers take a few hundred appends rather than 10,000
 * one after another, and appends to the rollout's stream never race each other into revision
 * conflicts. Each answer's promise settles with the append that carried it.
 */
export class AnswerBatcher<T> {
  private queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly max = 1_000,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.max);
        try {
          await this.write(batch.map((entry) => entry.item));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

type InstallAnswer = { nodeId: string; result: NodeUpdateResult };
type RollBackAnswer = { nodeId: string; restoredVersion: string | null };

/** Runs `tasks` with at most `limit` at once; settles like Promise.allSettled. */
async function bounded<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number,
): Promise<PromiseSettledResult<T>[]> {
  const results = new Array<PromiseSettledResult<T>>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await tasks[index]!() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Where a drive stopped: the rollout's state, and when to drive again if it waits. */
export interface Driven {
  readonly state: RolloutState;
  /** A batch or wave waits until then (ms since the epoch) before it is verified. */
  readonly waitUntil?: number;
}

/**
 * Carries one rollout out: asks the planner (nextSteps) what to do from the recorded state, does
 * it (node commands, a baseline capture, a health check, a canary analysis) and records what it
 * found, again until the planner has nothing left or the step waits. Works the same for a fresh
 * rollout and for one resumed after a crash, since it starts from history.
 */
@Injectable()
export class RolloutDriver {
  constructor(
    private readonly rollouts: Rollouts,
    private readonly nodes: NodeClient,
    private readonly metrics: NodeMetricsClient,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
  ) {}

  /** Resolves where it stopped: finished, waiting, or wherever `stop()` said to stop. */
  async drive(rolloutId: string, stop: () => boolean): Promise<Driven> {
    for (;;) {
      const { state, revision } = await this.rollouts.state(rolloutId);
      const steps = nextSteps(state);
      if (state.status === 'none' || !hasSteps(steps) || stop()) return { state };
      const { plan } = state;
      if (state.status === 'RollingBack' && this.rollbackOverdue(state.since)) {
        await this.abandonRollback(plan);
        continue;
      }
      if (steps.verify) {
        const due = Date.parse(steps.verify.dueAt);
        if (due > Date.now()) return { state, waitUntil: due };
        await this.verify(state, steps.verify);
      } else if (steps.switchTraffic) {
        await this.switchTraffic(plan, steps.switchTraffic);
      } else if (steps.carryOutAbort) {
        const at = new Date().toISOString();
        await this.record(plan, { type: 'CarryOutAbort', rolloutId, at }, `${rolloutId}:abort`, at);
      } else if (steps.captureBaseline) {
        await this.captureBaseline(plan);
      } else {
        // A step installs or puts back (never both): one batcher for its answers.
        const installed = new AnswerBatcher<InstallAnswer>((batch) =>
          this.recordInstalls(plan, batch),
        );
        const restored = new AnswerBatcher<RollBackAnswer>((batch) =>
          this.recordRollBacks(plan, batch),
        );
        const outcomes = await bounded(
          [
            ...steps.install.map((nodeId) => () => this.install(plan, nodeId, installed)),
            ...steps.rollBack.map((step) => () => this.rollBack(plan, step, restored)),
          ],
          this.settings.nodeOperationsInFlight,
        );
        const failure = outcomes.find((o) => o.status === 'rejected');
        if (failure) throw failure.reason;
      }
      if ((await this.rollouts.state(rolloutId)).revision === revision) {
        throw new Error(`Rollout ${rolloutId} made no progress at revision ${String(revision)}`);
      }
    }
  }

  /** The rollback's deadline (HOTSWAP_ROLLBACK_DEADLINE_MS) counts from when it turned back. */
  private rollbackOverdue(since: string): boolean {
    return Date.now() >= Date.parse(since) + this.settings.rollbackDeadlineMs;
  }

  /** Ends a rollback that keeps failing, with why, instead of trying it again for good. */
  private async abandonRollback(plan: RolloutPlan): Promise<void> {
    const at = new Date().toISOString();
    const reason = `the rollback did not finish within its deadline of ${this.settings.rollbackDeadlineMs} ms (HOTSWAP_ROLLBACK_DEADLINE_MS)`;
    const command = { type: 'AbandonRollback', rolloutId: plan.rolloutId, reason, at } as const;
    await this.record(plan, command, `${plan.rolloutId}:abandon-rollback`, at);
  }

  private async install(
    plan: RolloutPlan,
    nodeId: string,
    answers: AnswerBatcher<InstallAnswer>,
  ): Promise<void> {
    const result = await this.nodes.install(plan, nodeId);
    await answers.add({ nodeId, result });
  }

  /** Nodes' answers in one append; event ids derive from the first node's install reply. */
  private async recordInstalls(plan: RolloutPlan, answers: InstallAnswer[]): Promise<void> {
    const at = new Date().toISOString();
    await this.record(
      plan,
      { type: 'RecordNodeUpdates', rolloutId: plan.rolloutId, answers, at },
      `${installCommandId(plan.rolloutId, answers[0]!.nodeId)}:reply`,
      at,
    );
  }

  private async rollBack(
    plan: RolloutPlan,
    step: RollBackStep,
    answers: AnswerBatcher<RollBackAnswer>,
  ): Promise<void> {
    const result = await this.nodes.rollBack(plan, step);
    // Nothing records a rollback that did not happen: the rollout stays RollingBack and the
    // runner tries again later (node commands are idempotent).
    if (!result.ok) throw new Error(`Rolling back ${step.nodeId} failed: ${result.reason}`);
    await answers.add({ nodeId: step.nodeId, restoredVersion: result.restoredVersion });
  }

  /** Nodes put back, in one append; event ids derive from the first node's rollback reply. */
  private async recordRollBacks(plan: RolloutPlan, answers: RollBackAnswer[]): Promise<void> {
    const at = new Date().toISOString();
    await this.record(
      plan,
      { type: 'RecordNodesRolledBack', rolloutId: plan.rolloutId, answers, at },
      `${rollBackCommandId(plan.rolloutId, answers[0]!.nodeId)}:reply`,
      at,
    );
  }

  /** Canary: every (sampled) node's figures before anything is installed. */
  private async captureBaseline(plan: RolloutPlan): Promise<void> {
    if (plan.settings.strategy !== 'Canary') return;
    const { samplesPerNode, maxSampledNodes } = plan.settings;
    const to = new Date();
    const window = {
      from: new Date(to.getTime() - BASELINE_LOOKBACK_MS).toISOString(),
      to: to.toISOString(),
    };
    const sampled = sampleNodes(plan.nodes, maxSampledNodes);
    const readings = await this.metrics.readings(
      plan.targetEnvironment,
      sampled,
      window,
      samplesPerNode,
    );
    const at = new Date().toISOString();
    await this.record(
      plan,
      {
        type: 'RecordBaseline',
        rolloutId: plan.rolloutId,
        samples: capped(pooled(readings), MAX_BASELINE_VALUES),
        sampledNodes: sampled.length,
        ...window,
        at,
      },
      `${plan.rolloutId}:baseline`,
      at,
    );
  }

  /** Blue-Green: every node serves green, in one step for the rollout (TrafficSwitched). */
  private async switchTraffic(plan: RolloutPlan, nodes: readonly string[]): Promise<void> {
    const failed = await this.failuresOf(nodes, (nodeId) =>
      this.nodes.switchTo(plan, nodeId, plan.version),
    );
    const at = new Date().toISOString();
    await this.record(
      plan,
      { type: 'RecordTrafficSwitch', rolloutId: plan.rolloutId, failed, at },
      `${plan.rolloutId}:switch`,
      at,
    );
  }

  /** Runs `check` on every node (bounded) and lists those that failed, with why. */
  private async failuresOf(
    nodes: readonly string[],
    check: (nodeId: string) => Promise<SlotResult>,
  ): Promise<{ nodeId: string; reason: string }[]> {
    const results = await bounded(
      nodes.map((nodeId) => async () => ({ nodeId, result: await check(nodeId) })),
      this.settings.nodeOperationsInFlight,
    );
    return results.flatMap((settled, i) => {
      if (settled.status === 'rejected') {
        const reason =
          settled.reason instanceof Error ? settled.reason.message : String(settled.reason);
        return [{ nodeId: nodes[i]!, reason }];
      }
      const { result } = settled.value;
      return result.ok ? [] : [{ nodeId: nodes[i]!, reason: result.reason }];
    });
  }

  private async verify(state: StartedRollout, verification: Verification): Promise<void> {
    const { plan } = state;
    const to = new Date().toISOString();
    if (verification.kind === 'smoke') {
      const failed = await this.failuresOf(verification.nodes, (nodeId) =>
        this.nodes.smoke(plan, nodeId),
      );
      const at = new Date().toISOString();
      await this.record(
        plan,
        { type: 'RecordSmokeTest', rolloutId: plan.rolloutId, failed, at },
        `${plan.rolloutId}:smoke`,
        at,
      );
      return;
    }
    if (verification.kind === 'release') {
      // Blue is what each node ran before: its previous version, now on standby.
      const failed = await this.failuresOf(verification.nodes, async (nodeId) => {
        const progress = state.nodes[nodeId];
        const blue = progress?.status === 'updated' ? progress.previousVersion : null;
        return blue === null || blue === plan.version
          ? { ok: true }
          : this.nodes.release(plan, nodeId, blue, 'release-blue');
      });
      if (failed.length > 0) {
        throw new Error(
          `Releasing blue failed on ${failed.map((f) => `${f.nodeId} (${f.reason})`).join(', ')}`,
        );
      }
      const at = new Date().toISOString();
      await this.record(
        plan,
        { type: 'RecordBlueReleased', rolloutId: plan.rolloutId, at },
        `${plan.rolloutId}:release-blue`,
        at,
      );
      return;
    }
    if (verification.kind === 'health') {
      const readings = await this.metrics.readings(
        plan.targetEnvironment,
        verification.nodes,
        { from: verification.dueAt, to },
        1,
      );
      // Telemetry, and the module's own checks (HTTP, TCP, command) on each node of the batch.
      const byTelemetry = new Map(unhealthyNodes(readings).map((n) => [n.nodeId, [n.reason]]));
      const checked = await bounded(
        verification.nodes.map(
          (nodeId) => () =>
            failedChecks(this.settings.moduleChecks, {
              nodeId,
              environment: plan.targetEnvironment,
              moduleName: plan.moduleName,
              version: plan.version,
            }),
        ),
        this.settings.nodeOperationsInFlight,
      );
      const unhealthy = verification.nodes.flatMap((nodeId, i) => {
        const result = checked[i];
        const problems = [
          ...(byTelemetry.get(nodeId) ?? []),
          ...(result?.status === 'fulfilled' ? result.value : ['its checks could not run']),
        ];
        return problems.length === 0 ? [] : [{ nodeId, reason: problems.join('; ') }];
      });
      const at = new Date().toISOString();
      await this.record(
        plan,
        {
          type: 'RecordBatchHealth',
          rolloutId: plan.rolloutId,
          batch: verification.batch,
          unhealthy,
          at,
        },
        `${plan.rolloutId}:batch-${verification.batch}:health`,
        at,
      );
      return;
    }
    if (plan.settings.strategy !== 'Canary' || state.status !== 'Running') return;
    const { samplesPerNode, maxSampledNodes, judge } = plan.settings;
    const window = { from: verification.since, to };
    const canaryNodes = sampleNodes(verification.canaryNodes, maxSampledNodes);
    const baselineNodes = sampleNodes(verification.baselineNodes, maxSampledNodes);
    const [canary, baseline] = await Promise.all([
      this.metrics.readings(plan.targetEnvironment, canaryNodes, window, samplesPerNode),
      baselineNodes.length === 0
        ? Promise.resolve([])
        : this.metrics.readings(plan.targetEnvironment, baselineNodes, window, samplesPerNode),
    ]);
    const captured = state.baseline?.samples;
    const baselineSeries = captured ? combined(pooled(baseline), captured) : pooled(baseline);
    const canarySeries = pooled(canary);
    const at = new Date().toISOString();
    await this.record(
      plan,
      {
        type: 'RecordWaveAnalysis',
        rolloutId: plan.rolloutId,
        wave: verification.wave,
        judgement: judgeCanary(baselineSeries, canarySeries, judge),
        ...window,
        canaryNodesSampled: canaryNodes.length,
        baselineNodesSampled: baselineNodes.length,
        // What was judged, bounded like a captured baseline: `hotswap rejudge` judges it again.
        samples: {
          baseline: capped(baselineSeries, MAX_BASELINE_VALUES),
          canary: capped(canarySeries, MAX_BASELINE_VALUES),
        },
        at,
      },
      `${plan.rolloutId}:wave-${verification.wave}:analysis`,
      at,
    );
  }

  /**
   * Records what the runner found out. `causationId` names the finding (a node command's reply,
   * a wave's analysis); the event ids derive from it, so recording the same finding twice after
   * a crash stores nothing twice.
   */
  private async record(
    plan: RolloutPlan,
    command: RolloutCommand,
    causationId: string,
    at: string,
  ): Promise<void> {
    const options: HandleOptions = {
      causationId,
      metadata: { correlationId: plan.executionId, actor: RUNNER_ACTOR, timestamp: at },
    };
    await this.rollouts.handle(plan.rolloutId, command, options);
  }
}
