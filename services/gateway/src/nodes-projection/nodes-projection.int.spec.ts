import { nodeStream, type NodeEvent } from '@hotswap/contracts';
import { newEvent } from '@hotswap/event-store';
import { intContext, type IntContext } from '../../test/int-context.js';
import type { LeasedProjection } from '../read-model/leased-projection.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { NodeDocuments } from './node-documents.js';
import { applyNodeEvents, nodesProjection } from './nodes-projection.js';

function installed(nodeId: string, version: string, previousVersion: string | null): NodeEvent {
  return {
    type: 'ModuleInstalled',
    data: {
      nodeId,
      moduleName: 'billing',
      version,
      previousVersion,
      installedAt: '2025-01-01T10:00:00.000Z',
    },
  };
}

describe('the nodes projection', () => {
  let context: IntContext;
  let projection: LeasedProjection;
  let documents: NodeDocuments;

  beforeAll(async () => {
    context = await intContext();
    documents = new NodeDocuments(context.redis, context.keys);
    projection = nodesProjection(context.resources());
    projection.start();
  });
  afterAll(async () => {
    await projection.stop();
    await context.close();
  });

  async function record(nodeId: string, events: NodeEvent[]): Promise<bigint> {
    const { position } = await context.eventStore.append(
      nodeStream(nodeId),
      events.map((event) => newEvent(event.type, event.data)),
    );
    await projection.processedUpTo(position);
    return position;
  }

  it("writes each node's module versions and lists it under its environment", async () => {
    await record('qa-01', [
      installed('qa-01', '1.0.0', null),
      installed('qa-01', '1.1.0', '1.0.0'),
    ]);
    await record('qa-02', [installed('qa-02', '1.0.0', null)]);

    expect(await documents.load('qa-01')).toEqual({
      nodeId: 'qa-01',
      environment: 'QA',
      modules: { billing: '1.1.0' },
      updatedAt: '2025-01-01T10:00:00.000Z',
    });
    expect((await context.redis.smembers(context.keys.nodesByEnvironment('QA'))).sort()).toEqual([
      'qa-01',
      'qa-02',
    ]);
  });

  it('changes nothing when an old event is delivered again', async () => {
    const last = await record('staging-01', [
      installed('staging-01', '1.0.0', null),
      installed('staging-01', '2.0.0', '1.0.0'),
    ]);
    const docKey = context.keys.node('staging-01');
    const before = await context.redis.mget(docKey, ReadModelKeys.positionOf(docKey));
    expect(before[1]).toBe(last.toString());

    // The first install again: applied, it would put the node back on 1.0.0.
    const [first] = await context.eventStore.readStream(nodeStream('staging-01'));
    await applyNodeEvents(documents)([first!]);

    expect(await context.redis.mget(docKey, ReadModelKeys.positionOf(docKey))).toEqual(before);
    expect((await documents.load('staging-01'))?.modules).toEqual({ billing: '2.0.0' });
  });
});
