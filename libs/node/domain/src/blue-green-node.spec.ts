import type { NodeEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import { nodeDecider } from './node-decider.js';

const spec = DeciderSpecification.for(nodeDecider);
const at = '2026-11-23T10:00:00.000Z';
const nodeId = 'staging-01';
const moduleName = 'payments';

const installed: NodeEvent = {
  type: 'ModuleInstalled',
  data: { nodeId, moduleName, version: '1.0.0', previousVersion: null, installedAt: at },
};
const staged: NodeEvent = {
  type: 'ModuleStaged',
  data: { nodeId, moduleName, version: '2.0.0', replaced: null, stagedAt: at },
};
const switched: NodeEvent = {
  type: 'TrafficSwitched',
  data: { nodeId, moduleName, from: '1.0.0', to: '2.0.0', switchedAt: at },
};
const command = <T extends 'StageModule' | 'SwitchTraffic' | 'ReleaseStandby'>(
  type: T,
  version: string,
) => ({ type, nodeId, moduleName, version, at });

describe('a node’s active and standby slots (Blue-Green)', () => {
  it('stages green on standby while blue keeps serving', () => {
    spec.given([installed]).when(command('StageModule', '2.0.0')).then([staged]);
    expect(fold(nodeDecider, [installed, staged])).toEqual({
      modules: { payments: '1.0.0' },
      standby: { payments: '2.0.0' },
    });
  });

  it('switches in one step: green serves, blue waits on standby; repeats decide nothing', () => {
    spec.given([installed, staged]).when(command('SwitchTraffic', '2.0.0')).then([switched]);
    expect(fold(nodeDecider, [installed, staged, switched])).toEqual({
      modules: { payments: '2.0.0' },
      standby: { payments: '1.0.0' },
    });
    spec
      .given([installed, staged, switched])
      .when(command('SwitchTraffic', '2.0.0'))
      .thenNothingHappens();
  });

  it('switches back instantly to blue while it is on standby', () => {
    spec
      .given([installed, staged, switched])
      .when(command('SwitchTraffic', '1.0.0'))
      .then([
        {
          type: 'TrafficSwitched',
          data: { nodeId, moduleName, from: '2.0.0', to: '1.0.0', switchedAt: at },
        },
      ]);
  });

  it('refuses to switch to a version that is not on standby', () => {
    spec
      .given([installed])
      .when(command('SwitchTraffic', '2.0.0'))
      .thenThrows((e: Error) => e instanceof DomainRuleViolated && e.rule === 'switch-to-standby');
  });

  it('releases the standby slot only if it holds that version', () => {
    spec
      .given([installed, staged, switched])
      .when(command('ReleaseStandby', '1.0.0'))
      .then([
        {
          type: 'StandbyReleased',
          data: { nodeId, moduleName, version: '1.0.0', releasedAt: at },
        },
      ]);
    spec
      .given([installed, staged, switched])
      .when(command('ReleaseStandby', '2.0.0'))
      .thenNothingHappens();
  });
});
