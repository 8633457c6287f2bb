import type { RecordedEvent } from '@hotswap/event-store';
import { completedRun, requestedEvent } from '@hotswap/testing';
import type { StoreSnapshot } from '../store-snapshot.js';
import type { AcceptedDeployment } from '../workload.js';
import type { PlannedDeployment } from '../plan.js';
import { checkOutcomes, foldDeployment } from './deployment-outcomes.js';
import { expectedVersions } from './node-versions.js';
import { duplicateEvents, duplicateInstalls } from './store-integrity.js';
import { differences } from './read-models.js';

// The checks must be able to fail: each is shown a store or an answer with the fault it counts.
let position = 0n;
function recorded(
  streamName: string,
  type: string,
  data: unknown,
  metadata = {},
  id?: string,
): RecordedEvent {
  position++;
  return {
    id: id ?? `e${position}`,
    type,
    data,
    metadata,
    streamName,
    revision: 0n,
    position,
    recordedAt: new Date(0),
  };
}
function snapshot(events: RecordedEvent[]): StoreSnapshot {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) streams.set(e.streamName, [...(streams.get(e.streamName) ?? []), e]);
  return { events, streams };
}
const deploymentEvents = (executionId: string, version: string, upTo?: number) =>
  completedRun({ executionId, moduleName: 'payments', version, targetEnvironment: 'Development' })
    .slice(0, upTo)
    .map((e) => recorded(`deployment-${executionId}`, e.type, e.data));
const accepted = (
  executionId: string,
  expected: 'Completed' | 'RolledBack',
): AcceptedDeployment => ({
  planned: {
    scenario: 'healthy',
    moduleName: 'payments',
    version: '1.0.0',
    environment: 'Development',
  } as PlannedDeployment,
  executionId,
  expected,
  notes: [],
});

describe('the chaos checks', () => {
  it('count a second ModuleInstalled from the same command on a node as a duplicate install', () => {
    const install = (command: string) =>
      recorded(
        'node-development-01',
        'ModuleInstalled',
        { version: '1.0.0' },
        { causationId: command },
      );
    expect(duplicateInstalls(snapshot([install('c1'), install('c2')]))).toEqual([]);
    expect(duplicateInstalls(snapshot([install('c1'), install('c1')]))).toHaveLength(1);
  });

  it('count an event id stored twice as a duplicate event', () => {
    const once = recorded('deployment-a', 'DeploymentStarted', {}, {}, 'same');
    const twice = recorded('deployment-a', 'DeploymentStarted', {}, {}, 'same');
    expect(duplicateEvents(snapshot([once]))).toEqual([]);
    expect(duplicateEvents(snapshot([once, twice]))).toHaveLength(1);
  });

  it('expect on the nodes the version of the last Completed deployment, none when none completed', () => {
    const store = snapshot([
      ...deploymentEvents('d1', '1.0.0'),
      ...deploymentEvents('d2', '1.1.0'),
    ]);
    expect(expectedVersions(store).get('Development/payments')).toBe('1.1.0');
    const unfinished = snapshot([
      ...deploymentEvents('d1', '1.0.0'),
      ...deploymentEvents('d2', '1.1.0', 3),
    ]);
    expect(expectedVersions(unfinished).get('Development/payments')).toBe('1.0.0');
    const none = snapshot(deploymentEvents('d3', '1.0.0', 1));
    expect(expectedVersions(none).get('Development/payments')).toBeNull();
  });

  it('call a deployment stuck, lost or wrong, and count only final ones as terminal', () => {
    const store = snapshot([
      ...deploymentEvents('done', '1.0.0'),
      ...deploymentEvents('running', '1.1.0', 3),
      recorded(
        'deployment-gone',
        requestedEvent({ executionId: 'gone' }).type,
        requestedEvent({ executionId: 'gone' }).data,
      ),
    ]);
    const view = (executionId: string, status: string) => ({ executionId, status, message: null });
    const figures = checkOutcomes(
      [
        {
          deployment: accepted('done', 'Completed'),
          view: view('done', 'Completed'),
          stored: foldDeployment(store, 'done'),
        },
        {
          deployment: accepted('running', 'Completed'),
          view: view('running', 'Running'),
          stored: foldDeployment(store, 'running'),
        },
        {
          deployment: accepted('gone', 'Completed'),
          view: undefined,
          stored: foldDeployment(store, 'gone'),
        },
        {
          deployment: accepted('never', 'Completed'),
          view: view('never', 'Completed'),
          stored: foldDeployment(store, 'never'),
        },
        {
          deployment: accepted('done', 'RolledBack'),
          view: view('done', 'Completed'),
          stored: foldDeployment(store, 'done'),
        },
      ],
      () => undefined,
    );
    expect(figures.terminal).toBe(2);
    expect(figures.stuck).toHaveLength(1);
    expect(figures.lost).toHaveLength(2);
    expect(figures.wrongOutcomes).toEqual([
      expect.stringContaining('Completed, expected RolledBack'),
    ]);
  });

  it('explain a Completed abort only when the store shows its rollout ended before the 409', () => {
    const store = snapshot(deploymentEvents('late', '1.0.0'));
    const aborted = {
      ...accepted('late', 'RolledBack'),
      lateAction: { action: 'abort', at: 1_000 },
    };
    const observed = [
      {
        deployment: aborted,
        view: { executionId: 'late', status: 'Completed', message: null },
        stored: foldDeployment(store, 'late'),
      },
    ];
    expect(checkOutcomes(observed, () => 900)).toMatchObject({
      wrongOutcomes: [],
      explained: [expect.any(String)],
    });
    expect(checkOutcomes(observed, () => 1_100).wrongOutcomes).toHaveLength(1);
    expect(checkOutcomes(observed, () => undefined).wrongOutcomes).toHaveLength(1);
  });

  it('report an answer that changed across a rebuild', () => {
    const before = new Map([
      ['GET a', '1'],
      ['GET b', '2'],
    ]);
    expect(differences(before, new Map(before))).toEqual([]);
    expect(
      differences(
        before,
        new Map([
          ['GET a', '1'],
          ['GET b', '3'],
        ]),
      ),
    ).toHaveLength(1);
  });
});
