import { Module, type DynamicModule } from '@nestjs/common';
import { ApprovalMetrics } from './approvals/approval-metrics.js';
import { Approvals } from './approvals/approvals.js';
import { DecideApprovalController } from './decide-approval/decide-approval.controller.js';
import { ApprovalExpiry } from './expiry/approval-expiry.js';
import { PendingApprovals } from './pending-approvals/pending-approvals.js';
import { PendingApprovalsProjection } from './pending-approvals/pending-approvals-projection.js';
import { QueryApprovalsController } from './query-approvals/query-approvals.controller.js';
import { RequestApprovalController } from './request-approval/request-approval.controller.js';
import {
  APPROVAL_SETTINGS,
  readApprovalSettings,
  type ApprovalSettings,
} from './settings/approval-settings.js';

@Module({})
class ApprovalServiceModule {}

/**
 * The approval service's use cases over the given settings (tests compose it with their own):
 * requests, decisions, queries, the pending-approvals read model and the expiry timers. The host
 * adds health, metrics, configuration and connections (bootstrapService).
 */
export function approvalServiceModule(settings: () => ApprovalSettings): DynamicModule {
  return {
    module: ApprovalServiceModule,
    controllers: [RequestApprovalController, DecideApprovalController, QueryApprovalsController],
    providers: [
      { provide: APPROVAL_SETTINGS, useFactory: settings },
      ApprovalMetrics,
      Approvals,
      ApprovalExpiry,
      PendingApprovals,
      PendingApprovalsProjection,
    ],
  };
}

// Settings are read when Nest builds the module, at start-up: a bad variable stops the process.
@Module({ imports: [approvalServiceModule(() => readApprovalSettings(process.env))] })
export class AppModule {}
