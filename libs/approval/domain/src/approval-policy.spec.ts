// eslint-disable-next-line @nx/enforce-module-boundaries -- reading HOTSWAP_* variables moves to libs/config (issue 13, open)
import { ConfigError, VariableProblems } from '@hotswap/config';
import { readApprovalPolicy } from './approval-policy.js';

const policyOf = (env: Record<string, string> = {}) => {
  const problems = new VariableProblems();
  const policy = readApprovalPolicy(env, problems);
  problems.throwIfAny('approval');
  return policy;
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    policyOf(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return String(error);
  }
  throw new Error('expected the policy to be refused');
};

describe('the approval policy', () => {
  it('has the defaults of the issue: Staging and Production wait for one approver, 24 hours', () => {
    const policy = policyOf();
    expect(policy.Development).toEqual({
      required: false,
      requiredApprovals: 1,
      ttlMs: 86_400_000,
    });
    expect(policy.QA.required).toBe(false);
    expect(policy.Staging).toEqual({ required: true, requiredApprovals: 1, ttlMs: 86_400_000 });
    expect(policy.Production).toEqual({ required: true, requiredApprovals: 1, ttlMs: 86_400_000 });
  });

  it('takes each environment’s own settings, and a ttl for every environment under them', () => {
    const policy = policyOf({
      HOTSWAP_QA_APPROVAL_REQUIRED: 'true',
      HOTSWAP_STAGING_APPROVAL_REQUIRED: 'false',
      HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: '2',
      HOTSWAP_APPROVAL_TTL_MS: '3600000',
      HOTSWAP_PRODUCTION_APPROVAL_TTL_MS: '2000',
    });
    expect(policy.QA).toEqual({ required: true, requiredApprovals: 1, ttlMs: 3_600_000 });
    expect(policy.Staging).toEqual({ required: false, requiredApprovals: 1, ttlMs: 3_600_000 });
    expect(policy.Production).toEqual({ required: true, requiredApprovals: 2, ttlMs: 2000 });
    expect(policy.Development.ttlMs).toBe(3_600_000);
  });

  it('treats an empty variable as unset', () => {
    expect(
      policyOf({ HOTSWAP_STAGING_APPROVAL_REQUIRED: '', HOTSWAP_APPROVAL_TTL_MS: ' ' }),
    ).toEqual(policyOf());
  });

  it('names every bad variable, each once', () => {
    const message = problemsOf({
      HOTSWAP_STAGING_APPROVAL_REQUIRED: 'yes',
      HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: '0',
      HOTSWAP_APPROVAL_TTL_MS: 'soon',
      HOTSWAP_QA_APPROVAL_TTL_MS: '-5',
    });
    expect(message).toMatch(
      /HOTSWAP_STAGING_APPROVAL_REQUIRED is 'yes': expected one of true, false/,
    );
    expect(message).toMatch(
      /HOTSWAP_PRODUCTION_REQUIRED_APPROVALS is '0': expected an integer from 1 to 10/,
    );
    expect(message).toMatch(/HOTSWAP_QA_APPROVAL_TTL_MS is '-5'/);
    expect(message.match(/HOTSWAP_APPROVAL_TTL_MS is 'soon'/g)).toHaveLength(1);
  });
});
