import { ConfigError } from '@hotswap/config';
import { readApprovalSettings } from './approval-settings.js';

describe('approval settings', () => {
  it('has the policy’s defaults and fixed key names', () => {
    const settings = readApprovalSettings({});
    expect(settings.policy.Production).toEqual({
      required: true,
      requiredApprovals: 1,
      ttlMs: 24 * 60 * 60_000,
    });
    expect(settings).toMatchObject({
      subscriberId: 'approval:pending-approvals',
      leaseKey: 'hotswap:lease:approval:pending-approvals',
      pendingKeyPrefix: 'hotswap:rm:pending-approvals',
      timersKeyPrefix: 'hotswap:timers:approval:expiry',
    });
  });

  it('reads each environment’s approvers and expiry', () => {
    const { policy } = readApprovalSettings({
      HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: '2',
      HOTSWAP_APPROVAL_TTL_MS: '60000',
      HOTSWAP_STAGING_APPROVAL_TTL_MS: '1000',
    });
    expect(policy.Production).toMatchObject({ requiredApprovals: 2, ttlMs: 60_000 });
    expect(policy.Staging).toMatchObject({ requiredApprovals: 1, ttlMs: 1_000 });
  });

  it('names every bad variable', () => {
    try {
      readApprovalSettings({
        HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: 'two',
        HOTSWAP_STAGING_APPROVAL_TTL_MS: '0',
      });
      throw new Error('accepted bad settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
        'HOTSWAP_PRODUCTION_REQUIRED_APPROVALS',
        'HOTSWAP_STAGING_APPROVAL_TTL_MS',
      ]);
    }
  });
});
