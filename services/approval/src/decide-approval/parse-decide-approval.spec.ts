import { parseDecideApproval } from './parse-decide-approval.js';

const envelope = { commandId: 'c1', actor: 'ann@example.com', executionId: 'e1' };

describe('parseDecideApproval', () => {
  it('takes an approval with or without comments, empty ones included', () => {
    expect(parseDecideApproval({ ...envelope, decision: 'approve' })).toEqual({
      ok: true,
      value: { ...envelope, decision: 'approve' },
    });
    expect(parseDecideApproval({ ...envelope, decision: 'approve', comments: '' })).toEqual({
      ok: true,
      value: { ...envelope, decision: 'approve', comments: '' },
    });
  });

  it('needs a reason to reject', () => {
    for (const reason of [undefined, '', ' ', null, 7]) {
      const parsed = parseDecideApproval({ ...envelope, decision: 'reject', reason });
      expect(parsed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      if (!parsed.ok) expect(Object.keys(parsed.error.fields ?? {})).toEqual(['reason']);
    }
    expect(parseDecideApproval({ ...envelope, decision: 'reject', reason: 'freeze' })).toEqual({
      ok: true,
      value: { ...envelope, decision: 'reject', reason: 'freeze' },
    });
  });

  it('bounds free texts', () => {
    const parsed = parseDecideApproval({
      ...envelope,
      decision: 'approve',
      comments: 'x'.repeat(2001),
    });
    expect(parsed).toMatchObject({
      ok: false,
      error: { fields: { comments: 'must be a string of at most 2000 characters' } },
    });
  });
});
