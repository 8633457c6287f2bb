import type { ApprovalView, Environment } from '@hotswap/contracts';
import type { Approvals } from '../approvals/approvals.js';
import type { PendingApprovals } from '../pending-approvals/pending-approvals.js';

/** Streams read at once when answering a list. */
const READS_IN_FLIGHT = 16;

/**
 * The approvals still waiting, oldest request first (at most MAX_LISTED_APPROVALS): ids from the
 * read model, each approval read from its stream, so one the read model has not yet removed
 * (decided a moment ago) is left out.
 */
export async function listPendingApprovals(
  approvals: Approvals,
  pending: PendingApprovals,
  environment: Environment | undefined,
): Promise<ApprovalView[]> {
  const ids = await pending.executionIds(environment);
  const views: (ApprovalView | undefined)[] = new Array<ApprovalView | undefined>(ids.length);
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const index = next++;
      views[index] = await approvals.view(ids[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, ids.length) }, reader));
  return views.filter(
    (view): view is ApprovalView =>
      view?.status === 'Pending' &&
      (environment === undefined || view.targetEnvironment === environment),
  );
}
