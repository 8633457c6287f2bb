import {
  currentStepNodes,
  needsRollback,
  nodesNotYetUpdated,
  nodesSoFar,
  type RolloutState,
  type RunningRollout,
} from './rollout-state.js';

/**
 * A node to put back: on its version before the rollout (null uninstalls the module), or, when
 * its install went unanswered, by undoing that install if the node-agent carried it out.
 */
export type RollBackStep =
  | { readonly nodeId: string; readonly version: string | null }
  | { readonly nodeId: string; readonly undoInstall: true };

/** A check of the running step, due at `dueAt` (ISO-8601). */
export type Verification =
  | {
      /** Blue-Green: smoke-test green on every node's standby slot. */
      readonly kind: 'smoke';
      readonly nodes: readonly string[];
      readonly dueAt: string;
    }
  | {
      /** Blue-Green: the switch-back window is over; release blue from every node. */
      readonly kind: 'release';
      readonly nodes: readonly string[];
      readonly dueAt: string;
    }
  | {
      readonly kind: 'health';
      /** 1-based */
      readonly batch: number;
      readonly nodes: readonly string[];
      readonly dueAt: string;
    }
  | {
      readonly kind: 'analysis';
      /** 1-based */
      readonly wave: number;
      /** Every node on the new version. */
      readonly canaryNodes: readonly string[];
      /** The nodes still on the previous version (none in the last wave). */
      readonly baselineNodes: readonly string[];
      /** The window the readings come from: the wave's last install until the analysis. */
      readonly since: string;
      readonly dueAt: string;
    };

export interface NextSteps {
  /** Nodes to install the rollout's version on now. */
  readonly install: readonly string[];
  /** Nodes to put back on their previous version now. */
  readonly rollBack: readonly RollBackStep[];
  /** Canary: read every node's figures before anything is installed. */
  readonly captureBaseline: boolean;
  readonly verify?: Verification;
  /** An operator asked to abort: turn back (CarryOutAbort), now that nothing is in flight. */
  readonly carryOutAbort?: boolean;
  /** Blue-Green: switch every node's traffic to green now. */
  readonly switchTraffic?: readonly string[];
}

const NOTHING: NextSteps = { install: [], rollBack: [], captureBaseline: false };

/**
 * What the runner does next for a rollout (nothing while it is paused), from its recorded state alone: so a runner that
 * restarts, or takes over from another instance, carries on where the history says (waits
 * included: they are due at a recorded time plus the recorded wait). Nodes already answered are
 * never asked again. Direct installs every node at once; Rolling and Canary the running step's
 * nodes, then verify the step; a rollout turning back puts every node back at once that was
 * updated or whose install went unanswered.
 */
export function nextSteps(state: RolloutState): NextSteps {
  switch (state.status) {
    case 'none':
    case 'Succeeded':
    case 'Failed':
    case 'RolledBack':
      return NOTHING;
    case 'Running':
      return running(state);
    case 'RollingBack':
      return {
        ...NOTHING,
        rollBack: state.plan.nodes.flatMap((nodeId): RollBackStep[] => {
          const progress = state.nodes[nodeId];
          if (!needsRollback(progress)) return [];
          return progress?.status === 'updated'
            ? [{ nodeId, version: progress.previousVersion }]
            : [{ nodeId, undoInstall: true }];
        }),
      };
  }
}

function running(state: RunningRollout): NextSteps {
  const { plan, phase, controls } = state;
  const pending = (nodes: readonly string[]) =>
    nodes.filter((nodeId) => state.nodes[nodeId]?.status === 'pending');
  if (controls.abortRequestedBy !== undefined) return { ...NOTHING, carryOutAbort: true };
  if (controls.paused) return NOTHING;
  // Promoted: no more waits or analyses, every node not yet asked is updated now.
  if (controls.promoted) return { ...NOTHING, install: pending(plan.nodes) };
  switch (phase.kind) {
    case 'capturingBaseline':
      return { ...NOTHING, captureBaseline: true };
    case 'installing':
      return {
        ...NOTHING,
        install: pending(
          plan.settings.strategy === 'Direct' ? plan.nodes : currentStepNodes(state),
        ),
      };
    case 'switching':
      return { ...NOTHING, switchTraffic: plan.nodes };
    case 'switched':
      return { ...NOTHING, verify: { kind: 'release', nodes: plan.nodes, dueAt: phase.until } };
    case 'verifying': {
      const { settings } = plan;
      if (settings.strategy === 'BlueGreen') {
        const dueAt = new Date(Date.parse(phase.since) + settings.smokeTestMs).toISOString();
        return { ...NOTHING, verify: { kind: 'smoke', nodes: plan.nodes, dueAt } };
      }
      if (settings.strategy === 'Rolling') {
        const verify: Verification = {
          kind: 'health',
          batch: state.step + 1,
          nodes: currentStepNodes(state),
          dueAt: phase.since,
        };
        return { ...NOTHING, verify };
      }
      if (settings.strategy === 'Canary') {
        const verify: Verification = {
          kind: 'analysis',
          wave: state.step + 1,
          canaryNodes: nodesSoFar(state),
          baselineNodes: nodesNotYetUpdated(state),
          since: phase.since,
          dueAt: new Date(Date.parse(phase.since) + settings.waveWaitMs).toISOString(),
        };
        return { ...NOTHING, verify };
      }
      return NOTHING;
    }
  }
}

export function hasSteps(steps: NextSteps): boolean {
  return (
    steps.install.length > 0 ||
    steps.rollBack.length > 0 ||
    steps.captureBaseline ||
    steps.verify !== undefined ||
    steps.carryOutAbort === true ||
    (steps.switchTraffic?.length ?? 0) > 0
  );
}
