import type { NodeEvent } from '@hotswap/contracts';
import { DeciderSpecification, fold } from '@hotswap/event-sourcing';
import { nodeDecider } from './node-decider.js';

const spec = DeciderSpecification.for(nodeDecider);
const at = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T10:05:00.000Z';

const installed = (version: string, previousVersion: string | null, moduleName = 'payments') =>
  ({
    type: 'ModuleInstalled',
    data: { nodeId: 'development-01', moduleName, version, previousVersion, installedAt: at },
  }) satisfies NodeEvent;

const install = (version: string, moduleName = 'payments') =>
  ({ type: 'InstallModule', nodeId: 'development-01', moduleName, version, at }) as const;

const rollBack = (version: string | null) =>
  ({
    type: 'RollBackModule',
    nodeId: 'development-01',
    moduleName: 'payments',
    version,
    at: later,
  }) as const;

describe('a node', () => {
  it('installs a module it does not run yet, with no previous version', () => {
    spec
      .given([])
      .when(install('1.0.0'))
      .then([installed('1.0.0', null)]);
  });

  it('installs a new version over the one it runs, naming the previous version', () => {
    spec
      .given([installed('1.0.0', null)])
      .when(install('2.0.0'))
      .then([installed('2.0.0', '1.0.0')]);
  });

  it('decides nothing when asked for the version it already runs (a retry, a repeat)', () => {
    spec
      .given([installed('1.0.0', null), installed('2.0.0', '1.0.0')])
      .when(install('2.0.0'))
      .thenNothingHappens();
  });

  it('keeps modules apart', () => {
    spec
      .given([installed('1.0.0', null, 'search')])
      .when(install('1.0.0'))
      .then([installed('1.0.0', null)]);
  });

  it('rolls back to the previous version', () => {
    spec
      .given([installed('1.0.0', null), installed('2.0.0', '1.0.0')])
      .when(rollBack('1.0.0'))
      .then([
        {
          type: 'ModuleRolledBack',
          data: {
            nodeId: 'development-01',
            moduleName: 'payments',
            from: '2.0.0',
            version: '1.0.0',
            rolledBackAt: later,
          },
        },
      ]);
  });

  it('rolls back to nothing: the module is uninstalled', () => {
    const events = [
      installed('1.0.0', null),
      {
        type: 'ModuleRolledBack',
        data: {
          nodeId: 'development-01',
          moduleName: 'payments',
          from: '1.0.0',
          version: null,
          rolledBackAt: later,
        },
      },
    ] satisfies NodeEvent[];
    spec.given(events.slice(0, 1)).when(rollBack(null)).then(events.slice(1));
    expect(fold(nodeDecider, events).modules).toEqual({});
  });

  it('decides nothing when a rollback finds the node already there', () => {
    spec
      .given([installed('1.0.0', null)])
      .when(rollBack('1.0.0'))
      .thenNothingHappens();
    spec.given([]).when(rollBack(null)).thenNothingHappens();
  });

  it('folds its history into module versions', () => {
    const state = fold(nodeDecider, [
      installed('1.0.0', null),
      installed('3.1.0', null, 'search'),
      installed('2.0.0', '1.0.0'),
    ]);
    expect(state.modules).toEqual({ payments: '2.0.0', search: '3.1.0' });
  });
});
