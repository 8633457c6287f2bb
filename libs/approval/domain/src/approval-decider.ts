import type { ApprovalEvent } from '@hotswap/contracts';
import type { Decider } from '@hotswap/decider';
import type { ApprovalCommand } from './approval-command.js';
import { initialApprovalState, type ApprovalState } from './approval-state.js';
import { decideApproval } from './decide-approval.js';
import { evolveApproval } from './evolve-approval.js';

/** The approval gate of one deployment: stream `approval-<executionId>`, driven by the approval service. */
export const approvalDecider: Decider<ApprovalCommand, ApprovalEvent, ApprovalState> = {
  decide: decideApproval,
  evolve: evolveApproval,
  initialState: initialApprovalState,
};
