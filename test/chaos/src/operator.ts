import { keepTrying, type ApiAnswer, type GatewayApi } from './gateway-api.js';
import type { AcceptedDeployment } from './workload.js';

type Action = 'pause' | 'resume' | 'abort' | 'rollback';

/** How long an operator waits for a rollout to act on (or a deployment to complete, to roll back). */
const OPERATOR_PATIENCE_MS = 120_000;

/**
 * What the operator client does to its deployments (plan.ts, Scenario): pause and resume, abort
 * (after a pause for `pause-abort`), roll back once Completed. An action is asked again while the
 * rollout does not exist yet (404) or the gateway cannot reach it (5xx); a 409 means the rollout
 * had finished (or says so): a pause or abort answered 409 is kept as `lateAction`, for the
 * checks to tell from the store whether the rollout really had finished by then.
 */
export async function operate(
  api: GatewayApi,
  deployment: AcceptedDeployment,
  runDeadline: number,
): Promise<void> {
  const deadline = Math.min(runDeadline, Date.now() + OPERATOR_PATIENCE_MS);
  switch (deployment.planned.scenario) {
    case 'healthy':
    case 'faulty':
      return;
    case 'pause-resume':
      if (!(await rolloutRunning(api, deployment, deadline))) return;
      if ((await act(api, deployment, 'pause', deadline)) !== 200) return;
      await new Promise((resolve) => setTimeout(resolve, deployment.planned.pauseMs ?? 1_000));
      await act(api, deployment, 'resume', deadline);
      return;
    case 'pause-abort': {
      if (!(await rolloutRunning(api, deployment, deadline))) return;
      if ((await act(api, deployment, 'pause', deadline)) !== 200) return;
      await act(api, deployment, 'abort', deadline);
      return;
    }
    case 'abort':
      if (!(await rolloutRunning(api, deployment, deadline))) return;
      await act(api, deployment, 'abort', deadline);
      return;
    case 'rollback': {
      const completed = await keepTrying(
        async () => {
          const { status, body } = await api.get(`/api/v1/deployments/${deployment.executionId}`);
          return status === 200 &&
            ['Completed', 'Failed', 'RolledBack'].includes(String(body['status']))
            ? String(body['status'])
            : undefined;
        },
        deadline,
        500,
      );
      if (completed.value !== 'Completed') {
        deployment.notes.push(`rollback not asked: deployment ended ${completed.value ?? 'never'}`);
        return;
      }
      // Completed, as GET showed: a 409 now is a refusal the outcome check counts.
      await act(api, deployment, 'rollback', deadline);
      return;
    }
  }
}

/**
 * Waits until GET shows the deployment's deploy stage running: the scenarios act on a rollout
 * (an abort before it would end the deployment Failed, "Aborted by …", not RolledBack). Noted
 * when it never comes.
 */
async function rolloutRunning(
  api: GatewayApi,
  deployment: AcceptedDeployment,
  deadline: number,
): Promise<boolean> {
  const { value } = await keepTrying(async () => {
    const { status, body } = await api.get(`/api/v1/deployments/${deployment.executionId}`);
    if (status !== 200) return undefined;
    const stages = (body['stages'] ?? []) as { name: string; status: string }[];
    if (stages.some((stage) => stage.name.startsWith('DeployTo') && stage.status === 'Running')) {
      return 'running';
    }
    // Ended before its rollout ran (or ran past it): nothing left to act on.
    return ['Completed', 'Failed', 'RolledBack'].includes(String(body['status']))
      ? `ended ${String(body['status'])}`
      : undefined;
  }, deadline);
  if (value === 'running') return true;
  deployment.notes.push(`not acted on: ${value ?? 'the deploy stage never ran'}`);
  return false;
}

/** Asks for `action` until it is answered 200 or 409; notes the answer; returns its status. */
async function act(
  api: GatewayApi,
  deployment: AcceptedDeployment,
  action: Action,
  deadline: number,
): Promise<number | undefined> {
  let last: ApiAnswer | undefined;
  const { value, error } = await keepTrying(async () => {
    last = await api.post(`/api/v1/deployments/${deployment.executionId}/${action}`);
    return last.status === 200 || last.status === 409 ? last : undefined;
  }, deadline);
  const answer = value ?? last;
  if (value?.status === 409 && (action === 'pause' || action === 'abort')) {
    deployment.lateAction = { action, at: Date.now() };
  }
  deployment.notes.push(
    answer
      ? `${action} → ${answer.status}${answer.status === 200 ? '' : ` ${String(answer.body['message'])}`}`
      : `${action} never answered: ${String(error)}`,
  );
  return value?.status;
}
