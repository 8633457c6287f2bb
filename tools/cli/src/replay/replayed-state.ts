import type { ApprovalEvent, DeploymentEvent, RolloutEvent } from '@hotswap/contracts';
import { approvalDecider } from '@hotswap/approval-domain';
import { deploymentDecider } from '@hotswap/deployment-domain';
import { fold } from '@hotswap/event-sourcing';
import type { RecordedEvent } from '@hotswap/event-store';
import { rolloutDecider } from '@hotswap/rollout-domain';

/** A deployment as it was after `events` (a prefix of its timeline), folded by the deciders. */
export interface ReplayedState {
  readonly executionId: string;
  /** The last event folded (its position and time); null before the first. */
  readonly asOf: { readonly position: string; readonly recordedAt: string } | null;
  readonly deployment: {
    readonly status: string;
    readonly moduleName?: string;
    readonly version?: string;
    readonly environment?: string;
    readonly stages: readonly { name: string; status: string; message: string | null }[];
  };
  readonly approval: { readonly status: string; readonly approvers: readonly string[] } | null;
  readonly rollout: {
    readonly strategy: string;
    readonly status: string;
    /** The batch or wave running (1-based) and how many there are. */
    readonly step: number | null;
    readonly steps: number;
    readonly nodes: Readonly<Record<string, number>>;
  } | null;
  /** Canary analyses so far, wave by wave. */
  readonly waves: readonly {
    wave: number;
    verdict: string;
    judge: string;
    reason: string | null;
  }[];
}

const of = <E>(events: readonly RecordedEvent[], stream: string) =>
  events.filter((e) => e.streamName === stream) as unknown as E[];

export function replay(executionId: string, events: readonly RecordedEvent[]): ReplayedState {
  const deployment = fold(
    deploymentDecider,
    of<DeploymentEvent>(events, `deployment-${executionId}`),
  );
  const approval = fold(approvalDecider, of<ApprovalEvent>(events, `approval-${executionId}`));
  const rolloutEvents = of<RolloutEvent>(events, `rollout-${executionId}`);
  const rollout = fold(rolloutDecider, rolloutEvents);
  const last = events.at(-1);
  const nodes: Record<string, number> = {};
  if (rollout.status !== 'none') {
    for (const progress of Object.values(rollout.nodes)) {
      nodes[progress.status] = (nodes[progress.status] ?? 0) + 1;
    }
  }
  return {
    executionId,
    asOf: last
      ? { position: last.position.toString(), recordedAt: last.recordedAt.toISOString() }
      : null,
    deployment:
      deployment.status === 'none'
        ? { status: 'none', stages: [] }
        : {
            status: deployment.status,
            moduleName: deployment.moduleName,
            version: deployment.version,
            environment: deployment.environment,
            stages: deployment.stages.map(({ name, status, message }) => ({
              name,
              status,
              message,
            })),
          },
    approval:
      approval.status === 'none'
        ? null
        : { status: approval.status, approvers: approval.approvers },
    rollout:
      rollout.status === 'none'
        ? null
        : {
            strategy: rollout.plan.strategy,
            status: rollout.status,
            step: rollout.status === 'Running' ? rollout.step + 1 : null,
            steps: rollout.plan.steps.length,
            nodes,
          },
    waves: rolloutEvents.flatMap((event) =>
      event.type === 'CanaryWaveAnalyzed'
        ? [
            {
              wave: event.data.wave,
              verdict: event.data.judgement.verdict,
              judge: event.data.judgement.judge,
              reason: event.data.judgement.reason,
            },
          ]
        : [],
    ),
  };
}

/** The state in a few lines, for people. */
export function describeState(state: ReplayedState): string[] {
  const { deployment, approval, rollout } = state;
  const lines = [
    `Deployment ${state.executionId}: ${deployment.status}` +
      (deployment.moduleName
        ? ` (${deployment.moduleName} ${deployment.version} to ${deployment.environment})`
        : '') +
      (state.asOf ? `, as of position ${state.asOf.position} (${state.asOf.recordedAt})` : ''),
  ];
  for (const stage of deployment.stages) {
    lines.push(
      `  ${stage.name.padEnd(20)} ${stage.status.padEnd(10)} ${stage.message ?? ''}`.trimEnd(),
    );
  }
  if (approval) {
    lines.push(
      `Approval: ${approval.status}${approval.approvers.length > 0 ? `, approved by ${approval.approvers.join(', ')}` : ''}`,
    );
  }
  if (rollout) {
    const counts = Object.entries(rollout.nodes)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    lines.push(
      `Rollout: ${rollout.strategy}, ${rollout.status}` +
        (rollout.step === null ? '' : `, step ${rollout.step} of ${rollout.steps}`) +
        (counts ? `; nodes: ${counts}` : ''),
    );
  }
  for (const wave of state.waves) {
    lines.push(
      `  wave ${wave.wave}: ${wave.verdict} (${wave.judge})${wave.reason ? `: ${wave.reason}` : ''}`,
    );
  }
  return lines;
}

/** One line: where the deployment is after an event (for --step). */
export function summaryLine(state: ReplayedState): string {
  const running = state.deployment.stages.find((stage) => stage.status === 'Running');
  const parts = [`deployment ${state.deployment.status}${running ? ` (${running.name})` : ''}`];
  if (state.approval) parts.push(`approval ${state.approval.status}`);
  if (state.rollout) {
    parts.push(
      `rollout ${state.rollout.status}${state.rollout.step === null ? '' : ` step ${state.rollout.step}/${state.rollout.steps}`}`,
    );
  }
  return `    → ${parts.join(', ')}`;
}
