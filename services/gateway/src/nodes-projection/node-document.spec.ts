import type { NodeEvent } from '@hotswap/contracts';
import { environmentOfNode, evolveNodeDocument } from './node-document.js';

const installed = (moduleName: string, version: string, at: string): NodeEvent => ({
  type: 'ModuleInstalled',
  data: { nodeId: 'qa-02', moduleName, version, previousVersion: null, installedAt: at },
});

describe('the node document fold', () => {
  it('knows the environment from the node id', () => {
    expect(environmentOfNode('development-01')).toBe('Development');
    expect(environmentOfNode('qa-05')).toBe('QA');
    expect(environmentOfNode('production-20')).toBe('Production');
    expect(environmentOfNode('elsewhere-01')).toBeNull();
    expect(environmentOfNode('staging')).toBeNull();
  });

  it('tracks the installed version of each module, rollbacks included', () => {
    const events: NodeEvent[] = [
      installed('billing', '1.0.0', 't1'),
      installed('payment-processor', '2.1.0', 't2'),
      installed('billing', '1.1.0', 't3'),
      {
        type: 'ModuleRolledBack',
        data: {
          nodeId: 'qa-02',
          moduleName: 'billing',
          from: '1.1.0',
          version: '1.0.0',
          rolledBackAt: 't4',
        },
      },
    ];
    const document = events.reduce<ReturnType<typeof evolveNodeDocument> | undefined>(
      (current, event) => evolveNodeDocument(current, 'qa-02', event),
      undefined,
    );
    expect(document).toEqual({
      nodeId: 'qa-02',
      environment: 'QA',
      modules: { billing: '1.0.0', 'payment-processor': '2.1.0' },
      updatedAt: 't4',
    });
  });

  it('forgets a module rolled back to no version', () => {
    const document = evolveNodeDocument(
      evolveNodeDocument(undefined, 'qa-02', installed('billing', '1.0.0', 't1')),
      'qa-02',
      {
        type: 'ModuleRolledBack',
        data: {
          nodeId: 'qa-02',
          moduleName: 'billing',
          from: '1.0.0',
          version: null,
          rolledBackAt: 't2',
        },
      },
    );
    expect(document.modules).toEqual({});
  });
});
