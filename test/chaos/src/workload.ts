import { expectedOutcome, type PlannedDeployment } from './plan.js';
import { keepTrying, type ApiAnswer, type GatewayApi } from './gateway-api.js';
import { operate } from './operator.js';

const REQUESTER_EMAIL = 'chaos@example.com';

/** A deployment the gateway accepted (202), with what it must end as and what was done to it. */
export interface AcceptedDeployment {
  readonly planned: PlannedDeployment;
  readonly executionId: string;
  /** Its expected final status when everything works. */
  readonly expected: 'Completed' | 'RolledBack';
  /**
   * A pause or abort answered 409: the rollout may have finished before it arrived (then its own
   * outcome stands, if the store shows it finished by `at`; checks/deployment-outcomes.ts).
   */
  lateAction?: { readonly action: string; readonly at: number };
  /** What the clients did and saw, in order: the explanation of an unexpected outcome. */
  readonly notes: string[];
}

export interface RefusedDeployment {
  readonly planned: PlannedDeployment;
  readonly reason: string;
}

export interface WorkloadResult {
  readonly accepted: AcceptedDeployment[];
  readonly refused: RefusedDeployment[];
}

/**
 * Asks for every planned deployment at its time, through the gateways, as a deployer would; an
 * admin injects the faults of faulty versions first and approves Staging and Production
 * deployments; operators pause, resume, abort and roll back theirs. Each client keeps trying
 * (with the same Idempotency-Key) until `deadline`: a fault may make the system slow to answer,
 * never lose or refuse what it was asked. Resolves once every client is done.
 */
export async function runWorkload(
  plan: readonly PlannedDeployment[],
  api: GatewayApi,
  deadline: number,
): Promise<WorkloadResult> {
  const startedAt = Date.now();
  const accepted: AcceptedDeployment[] = [];
  const refused: RefusedDeployment[] = [];
  const acceptance = new Map<number, Promise<AcceptedDeployment | undefined>>();
  const one = async (planned: PlannedDeployment): Promise<AcceptedDeployment | undefined> => {
    await until(startedAt + planned.atMs);
    if (planned.after !== undefined) await acceptance.get(planned.after);
    const notes: string[] = [];
    if (planned.scenario === 'faulty') await injectFault(api.as('admin'), planned, deadline, notes);
    const posted = await postDeployment(api, planned, deadline);
    if (posted.executionId === undefined) {
      refused.push({ planned, reason: posted.reason });
      return undefined;
    }
    const deployment: AcceptedDeployment = {
      planned,
      executionId: posted.executionId,
      expected: expectedOutcome(planned.scenario),
      notes,
    };
    accepted.push(deployment);
    return deployment;
  };
  const clients = plan.map(async (planned) => {
    const accepting = one(planned);
    acceptance.set(planned.index, accepting);
    const deployment = await accepting;
    if (deployment === undefined) return;
    if (planned.environment === 'Staging' || planned.environment === 'Production') {
      await approve(api.as('admin'), deployment, deadline);
    }
    await operate(api, deployment, deadline);
  });
  await Promise.all(clients);
  accepted.sort((a, b) => a.planned.index - b.planned.index);
  return { accepted, refused };
}

async function postDeployment(
  api: GatewayApi,
  planned: PlannedDeployment,
  deadline: number,
): Promise<{ executionId?: string; reason: string }> {
  const body = {
    moduleName: planned.moduleName,
    version: planned.version,
    targetEnvironment: planned.environment,
    requesterEmail: REQUESTER_EMAIL,
    ...(planned.strategy ? { strategy: planned.strategy } : {}),
    ...(planned.overrides ? { overrides: planned.overrides } : {}),
  };
  let last: ApiAnswer | undefined;
  const { value, error } = await keepTrying(async () => {
    last = await api.post('/api/v1/deployments', body, { 'idempotency-key': planned.key });
    if (last.status === 202) return last.body['executionId'] as string;
    // A 4xx is the answer for good (a bad request of the harness, a key conflict): stop.
    if (last.status >= 400 && last.status < 500) return null;
    return undefined;
  }, deadline);
  if (typeof value === 'string') return { executionId: value, reason: '' };
  return {
    reason: last ? `POST answered ${last.status}: ${JSON.stringify(last.body)}` : String(error),
  };
}

async function injectFault(
  admin: GatewayApi,
  planned: PlannedDeployment,
  deadline: number,
  notes: string[],
): Promise<void> {
  const { value, error } = await keepTrying(async () => {
    const answer = await admin.post(
      '/api/v1/chaos/faults',
      {
        environment: planned.environment,
        moduleName: planned.moduleName,
        version: planned.version,
        errorRate: 0.25,
      },
      { 'idempotency-key': `${planned.key}-fault` },
    );
    return answer.status === 201 || answer.status === 200 ? answer : undefined;
  }, deadline);
  notes.push(value ? `fault injected (errorRate 0.25)` : `fault NOT injected: ${String(error)}`);
}

/** Approves as the admin until the approval service has it (404 before it recorded the request). */
async function approve(
  admin: GatewayApi,
  deployment: AcceptedDeployment,
  deadline: number,
): Promise<void> {
  const path = `/api/v1/approvals/deployments/${deployment.executionId}/approve`;
  let last: ApiAnswer | undefined;
  const { value, error } = await keepTrying(async () => {
    last = await admin.post(path, { comments: 'chaos' });
    return last.status === 200 || last.status === 409 ? last : undefined;
  }, deadline);
  deployment.notes.push(
    value
      ? `approve → ${value.status}${value.status === 409 ? ` ${String(value.body['message'])}` : ''}`
      : `approve never answered (last ${last ? String(last.status) : String(error)})`,
  );
}

function until(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}
