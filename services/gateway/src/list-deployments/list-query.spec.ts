import { encodeCursor, parseListQuery } from './list-query.js';

const member = '001735725600000:exec-1';

describe('parsing the deployments list query', () => {
  it('defaults to the 20 newest of all deployments', () => {
    expect(parseListQuery({})).toEqual({ ok: true, value: { limit: 20 } });
  });

  it('takes filters, a limit and a cursor, environment and status in any letter case', () => {
    expect(
      parseListQuery({
        environment: 'production',
        status: 'running',
        moduleName: 'payment-processor',
        limit: '100',
        cursor: encodeCursor(member),
      }),
    ).toEqual({
      ok: true,
      value: {
        environment: 'Production',
        status: 'Running',
        moduleName: 'payment-processor',
        limit: 100,
        after: member,
      },
    });
  });

  it('names every bad parameter', () => {
    const parsed = parseListQuery({
      environment: 'Moon',
      status: 'Done',
      moduleName: 'Bad_Name',
      limit: '0',
      cursor: 'bm90IGEgY3Vyc29y',
    });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? {} : parsed.fields).toEqual({
      environment: 'must be one of Development, QA, Staging, Production',
      status:
        'must be one of Pending, Queued, Running, PendingApproval, Completed, Failed, RolledBack, RollingBack, Cancelled',
      moduleName: 'must be 1 to 64 lowercase letters, digits or dashes',
      limit: 'must be an integer from 1 to 100',
      cursor: 'must be a nextCursor this API returned',
    });
  });

  it.each(['101', '-1', '2.5', 'ten', ''])('refuses the limit %j', (limit) => {
    expect(parseListQuery({ limit })).toMatchObject({
      ok: false,
      fields: { limit: expect.any(String) as string },
    });
  });

  it('refuses a parameter given twice', () => {
    expect(parseListQuery({ status: ['Running', 'Failed'] })).toEqual({
      ok: false,
      fields: { status: 'must be given once' },
    });
  });
});
