import type { NodeEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

const at = '2026-11-22T10:00:04.012Z';
const moduleName = 'payment-processor';

/** A recorded event of each type, as the node-agent records it, and what subscribers get. */
const cases: readonly (readonly [NodeEvent, object])[] = [
  [
    {
      type: 'ModuleInstalled',
      data: {
        nodeId: 'qa-1',
        moduleName,
        version: '2.1.0',
        previousVersion: null,
        installedAt: at,
      },
    },
    { nodeId: 'qa-1', moduleName, version: '2.1.0', previousVersion: null },
  ],
  [
    {
      type: 'ModuleRolledBack',
      data: { nodeId: 'qa-1', moduleName, from: '2.1.0', version: '2.0.0', rolledBackAt: at },
    },
    { nodeId: 'qa-1', moduleName, fromVersion: '2.1.0', version: '2.0.0' },
  ],
  [
    {
      type: 'ModuleStaged',
      data: { nodeId: 'st-1', moduleName, version: '2.1.0', replaced: '1.9.0', stagedAt: at },
    },
    { nodeId: 'st-1', moduleName, version: '2.1.0', replacedVersion: '1.9.0' },
  ],
  [
    {
      type: 'TrafficSwitched',
      data: { nodeId: 'st-1', moduleName, from: '2.0.0', to: '2.1.0', switchedAt: at },
    },
    { nodeId: 'st-1', moduleName, fromVersion: '2.0.0', toVersion: '2.1.0' },
  ],
  [
    {
      type: 'StandbyReleased',
      data: { nodeId: 'st-1', moduleName, version: '2.0.0', releasedAt: at },
    },
    { nodeId: 'st-1', moduleName, version: '2.0.0' },
  ],
];

describe('public data of node events', () => {
  it.each(cases.map(([event, expected]) => ({ type: event.type, event, expected })))(
    '$type',
    ({ event, expected }) => {
      expect(publicDataOf('node', event.type, event.data)).toStrictEqual(expected);
    },
  );
});
