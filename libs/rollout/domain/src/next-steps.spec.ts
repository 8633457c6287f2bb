import type { RolloutEvent } from '@hotswap/contracts';
import { fold } from '@hotswap/decider';
import { nextSteps } from './next-steps.js';
import { rolloutDecider } from './rollout-decider.js';

const at = '2026-11-23T10:00:00.000Z';
const nodes = ['development-01', 'development-02', 'development-03'];
const started = (strategy: 'Direct' | 'BlueGreen' = 'Direct'): RolloutEvent => ({
  type: 'RolloutStarted',
  data: {
    rolloutId: 'r1',
    executionId: 'e1',
    moduleName: 'payments',
    version: '2.0.0',
    targetEnvironment: 'Development',
    strategy,
    nodes,
    settings:
      strategy === 'Direct' ? { strategy } : { strategy, smokeTestMs: 0, switchBackWindowMs: 0 },
    steps: [nodes],
    startedAt: at,
  },
});
const updated = (nodeId: string, previousVersion: string | null): RolloutEvent => ({
  type: 'NodeUpdated',
  data: { rolloutId: 'r1', nodeId, version: '2.0.0', previousVersion, at },
});
const failed = (nodeId: string): RolloutEvent => ({
  type: 'NodeUpdateFailed',
  data: { rolloutId: 'r1', nodeId, reason: 'boom', at },
});
const unanswered = (nodeId: string): RolloutEvent => ({
  type: 'NodeUpdateFailed',
  data: { rolloutId: 'r1', nodeId, reason: 'no answer (TIMEOUT)', outcomeUnknown: true, at },
});
const steps = (events: RolloutEvent[]) => nextSteps(fold(rolloutDecider, events));

describe('the Direct strategy’s next steps', () => {
  it('installs on every node at once, and only on nodes that have not answered', () => {
    expect(steps([started()])).toEqual({ install: nodes, rollBack: [], captureBaseline: false });
    expect(steps([started(), updated('development-02', null)])).toEqual({
      install: ['development-01', 'development-03'],
      rollBack: [],
      captureBaseline: false,
    });
  });

  it('puts back every node that took the new version, on its previous version', () => {
    expect(
      steps([
        started(),
        updated('development-01', '1.0.0'),
        failed('development-02'),
        updated('development-03', null),
      ]),
    ).toEqual({
      install: [],
      rollBack: [
        { nodeId: 'development-01', version: '1.0.0' },
        { nodeId: 'development-03', version: null },
      ],
      captureBaseline: false,
    });
  });

  it('leaves alone a node that already ran the version', () => {
    expect(
      steps([
        started(),
        updated('development-01', '1.0.0'),
        failed('development-02'),
        updated('development-03', '2.0.0'),
      ]).rollBack,
    ).toEqual([{ nodeId: 'development-01', version: '1.0.0' }]);
  });

  it('puts back a node whose install went unanswered by undoing that install, not one that refused', () => {
    expect(
      steps([
        started(),
        updated('development-01', '1.0.0'),
        failed('development-02'),
        unanswered('development-03'),
      ]).rollBack,
    ).toEqual([
      { nodeId: 'development-01', version: '1.0.0' },
      { nodeId: 'development-03', undoInstall: true },
    ]);
  });

  it('has nothing to do before the start or after the end', () => {
    expect(steps([])).toEqual({ install: [], rollBack: [], captureBaseline: false });
    expect(
      steps([
        started(),
        ...nodes.map((n) => updated(n, null)),
        { type: 'RolloutSucceeded', data: { rolloutId: 'r1', at } },
      ]),
    ).toEqual({ install: [], rollBack: [], captureBaseline: false });
  });
});
