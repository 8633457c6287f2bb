import type { NodeEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import { nodeDecider } from './node-decider.js';

const spec = DeciderSpecification.for(nodeDecider);
const at = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T10:05:00.000Z';

const installed = (
  version: string,
  previousVersion: string | null,
  moduleName = 'payments',
  installId = `install-${version}`,
) =>
  ({
    type: 'ModuleInstalled',
    data: {
      nodeId: 'development-01',
      moduleName,
      version,
      previousVersion,
      installId,
      installedAt: at,
    },
  }) satisfies NodeEvent;

const install = (version: string, moduleName = 'payments', installId = `install-${version}`) =>
  ({
    type: 'InstallModule',
    nodeId: 'development-01',
    moduleName,
    version,
    installId,
    at,
  }) as const;

const undo = (installId: string, version = '2.0.0') =>
  ({
    type: 'UndoInstall',
    nodeId: 'development-01',
    moduleName: 'payments',
    version,
    installId,
    at: later,
  }) as const;

const cancelled = (installId: string, version = '2.0.0') =>
  ({
    type: 'InstallCancelled',
    data: {
      nodeId: 'development-01',
      moduleName: 'payments',
      version,
      installId,
      cancelledAt: later,
    },
  }) satisfies NodeEvent;

const rollBack = (version: string | null) =>
  ({
    type: 'RollBackModule',
    nodeId: 'development-01',
    moduleName: 'payments',
    version,
    at: later,
  }) as const;

const rollBackEvent = (version: string) =>
  ({
    type: 'ModuleRolledBack',
    data: {
      nodeId: 'development-01',
      moduleName: 'payments',
      from: '2.0.0',
      version,
      rolledBackAt: later,
    },
  }) satisfies NodeEvent;

describe('undoing an install whose answer never came', () => {
  it('puts back what the install replaced, when it happened', () => {
    spec
      .given([installed('1.0.0', null), installed('2.0.0', '1.0.0')])
      .when(undo('install-2.0.0'))
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

  it('cancels it when it has not happened, and a late install is then refused', () => {
    spec
      .given([installed('1.0.0', null)])
      .when(undo('install-2.0.0'))
      .then([cancelled('install-2.0.0')]);
    spec
      .given([installed('1.0.0', null), cancelled('install-2.0.0')])
      .when(install('2.0.0'))
      .thenThrows((e) => e instanceof DomainRuleViolated && e.rule === 'install-not-cancelled');
    // Another install of that version (another deployment) is not concerned.
    spec
      .given([installed('1.0.0', null), cancelled('install-2.0.0')])
      .when(install('2.0.0', 'payments', 'another-install'))
      .then([installed('2.0.0', '1.0.0', 'payments', 'another-install')]);
  });

  it('changes nothing when the node runs another version since, or it was undone already', () => {
    spec
      .given([installed('1.0.0', null), installed('2.0.0', '1.0.0'), rollBackEvent('3.0.0')])
      .when(undo('install-2.0.0'))
      .thenNothingHappens();
    spec
      .given([installed('1.0.0', null), cancelled('install-2.0.0')])
      .when(undo('install-2.0.0'))
      .thenNothingHappens();
  });
});

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
