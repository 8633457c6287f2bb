import { deploymentDecider, type DeploymentState } from '@hotswap/deployment-domain';
import { deploymentStream, rolloutStream, type DeploymentEvent } from '@hotswap/contracts';
import type { GatewayApi } from '../gateway-api.js';
import type { StoreSnapshot } from '../store-snapshot.js';
import type { AcceptedDeployment } from '../workload.js';

export const TERMINAL = ['Completed', 'Failed', 'RolledBack', 'Cancelled'];

/** A deployment as GET answers it (the fields the checks read). */
export interface DeploymentView {
  readonly executionId: string;
  readonly status: string;
  readonly message: string | null;
  readonly [field: string]: unknown;
}

/** What the gateway and the store say of each accepted deployment. */
export interface Observed {
  readonly deployment: AcceptedDeployment;
  /** GET /api/v1/deployments/{id}: undefined when it answered 404 (or never answered). */
  readonly view: DeploymentView | undefined;
  /** Its stream folded with the orchestrator's own decider ('none' when the stream is empty). */
  readonly stored: DeploymentState;
}

export async function getDeployment(
  api: GatewayApi,
  executionId: string,
): Promise<DeploymentView | undefined> {
  const { status, body } = await api.get<DeploymentView>(`/api/v1/deployments/${executionId}`);
  return status === 200 ? body : undefined;
}

export function foldDeployment(store: StoreSnapshot, executionId: string): DeploymentState {
  return (store.streams.get(deploymentStream(executionId)) ?? []).reduce(
    (state, event) =>
      deploymentDecider.evolve(state, { type: event.type, data: event.data } as DeploymentEvent),
    deploymentDecider.initialState(),
  );
}

/** The time (epoch ms) the deployment's rollout stored its end, if it did. */
export function rolloutEndedAt(store: StoreSnapshot, executionId: string): number | undefined {
  const end = (store.streams.get(rolloutStream(executionId)) ?? []).find((event) =>
    ['RolloutSucceeded', 'RolloutFailed', 'RolloutRolledBack'].includes(event.type),
  );
  return end?.recordedAt.getTime();
}

export interface OutcomeFigures {
  readonly terminal: number;
  /** Unexpected, but explained: a pause or abort refused because the rollout had ended before. */
  readonly explained: string[];
  readonly stuck: string[];
  readonly lost: string[];
  readonly wrongOutcomes: string[];
}

/**
 * terminal: GET shows a final status. stuck: GET shows it, not final. lost: GET does not show it,
 * or its stream has no DeploymentRequested. wrong outcome: final, but not the expected status
 * (the notes of the clients say what they did and saw), unless a pause or abort was refused
 * because the store shows the rollout had ended before the refusal (explained). Each entry names
 * the deployment.
 */
export function checkOutcomes(
  observed: readonly Observed[],
  endedAt: (executionId: string) => number | undefined,
): OutcomeFigures {
  const explained: string[] = [];
  const stuck: string[] = [];
  const lost: string[] = [];
  const wrongOutcomes: string[] = [];
  let terminal = 0;
  for (const { deployment, view, stored } of observed) {
    const { planned, executionId } = deployment;
    const what = `${executionId} (${planned.scenario} ${planned.moduleName} ${planned.version} → ${planned.environment})`;
    if (view === undefined || stored.status === 'none') {
      lost.push(
        `${what}: ${view === undefined ? 'GET answers 404' : `GET ${view.status}`}, ${stored.status === 'none' ? 'not in the store' : `store ${stored.status}`}`,
      );
      continue;
    }
    if (!TERMINAL.includes(view.status)) {
      stuck.push(`${what}: ${view.status} (store: ${stored.status}) — ${view.message ?? ''}`);
      continue;
    }
    terminal++;
    if (view.status === deployment.expected) continue;
    const late = deployment.lateAction;
    const ended = endedAt(executionId);
    if (late && view.status === 'Completed' && ended !== undefined && ended <= late.at) {
      explained.push(
        `${what}: Completed, its rollout ended ${late.at - ended} ms before the ${late.action} answered 409`,
      );
    } else {
      wrongOutcomes.push(
        `${what}: ${view.status}, expected ${deployment.expected} — ${view.message ?? ''} [${deployment.notes.join('; ')}]`,
      );
    }
  }
  return { terminal, explained, stuck, lost, wrongOutcomes };
}
