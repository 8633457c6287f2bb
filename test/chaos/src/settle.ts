import type { GatewayApi } from './gateway-api.js';
import { getDeployment, TERMINAL } from './checks/deployment-outcomes.js';
import type { AcceptedDeployment } from './workload.js';

/**
 * Waits, up to `deadline`, until GET shows every accepted deployment in a final status (asking
 * again only for those not there yet), printing how many are left every 10 s. A bounded wait: what
 * is not terminal by then is stuck, and the checks say so.
 */
export async function waitUntilTerminal(
  api: GatewayApi,
  accepted: readonly AcceptedDeployment[],
  deadline: number,
): Promise<void> {
  let open = [...accepted];
  let printed = 0;
  while (open.length > 0 && Date.now() < deadline) {
    const views = await Promise.all(
      open.map((d) => getDeployment(api, d.executionId).catch(() => undefined)),
    );
    open = open.filter((_, i) => !TERMINAL.includes(views[i]?.status ?? ''));
    if (open.length === 0) break;
    if (Date.now() - printed > 10_000) {
      printed = Date.now();
      const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1_000));
      console.log(
        `chaos: ${open.length} deployments not terminal yet (waiting up to ${seconds} s more)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
