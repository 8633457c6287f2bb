import { FAULTS_STREAM, type InjectFault } from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import type { InProcessService } from '@hotswap/service-host';
import {
  FaultCommands,
  injectFaultCommand,
  removeFaultCommand,
} from '../../test/fault-commands.js';
import { NodeAgentFixture, testSettings } from '../../test/node-agent-fixture.js';
import { InjectFaultController } from '../inject-fault/inject-fault.controller.js';
import { ListFaultsController } from '../list-faults/list-faults.controller.js';
import { RemoveFaultController } from '../remove-fault/remove-fault.controller.js';

describe('injecting, listing and removing faults', () => {
  let fixture: NodeAgentFixture;
  let other: InProcessService;
  let faults: FaultCommands;
  beforeAll(async () => {
    const settings = testSettings();
    fixture = await NodeAgentFixture.start(settings);
    // A second instance over the same event store: commands reach either one (queue group).
    other = await fixture.startAnother(settings);
    faults = new FaultCommands(fixture.client);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const stream = () => fixture.store.readStream(FAULTS_STREAM);

  it('records FaultInjected for the command and lists the fault until it is removed', async () => {
    const command = injectFaultCommand({ latencyMs: 900, cpu: 95 });
    const reply = await faults.inject(command);
    if (!reply.ok) throw new Error(reply.error.message);
    const { commandId: _c, actor, traceparent: _t, ...spec } = command;
    expect(reply.fault).toEqual({
      ...spec,
      injectedAt: expect.any(String) as string,
      injectedBy: actor,
    });
    const events = (await stream()).filter((e) => e.metadata.causationId === command.commandId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: derivedEventId(command.commandId, 0),
      type: 'FaultInjected',
      data: reply.fault,
      metadata: { actor, correlationId: command.faultId, timestamp: reply.fault.injectedAt },
    });

    const listed = await faults.list({ environment: 'Staging' });
    expect(listed).toMatchObject({ ok: true });
    expect(listed.ok && listed.faults).toContainEqual(reply.fault);

    const removal = removeFaultCommand(command.faultId);
    expect(await faults.remove(removal)).toEqual({ ok: true, faultId: command.faultId });
    const removed = (await stream()).filter((e) => e.metadata.causationId === removal.commandId);
    expect(removed.map((e) => [e.type, e.data])).toEqual([
      [
        'FaultRemoved',
        {
          faultId: command.faultId,
          removedAt: expect.any(String) as string,
          removedBy: 'bob@example.com',
        },
      ],
    ]);
    const after = await faults.list();
    expect(after.ok && after.faults.map((f) => f.faultId)).not.toContain(command.faultId);
  });

  it('filters the list by environment', async () => {
    const qa = await faults.inject(injectFaultCommand({ environment: 'QA' }));
    const dev = await faults.inject(injectFaultCommand({ environment: 'Development' }));
    if (!qa.ok || !dev.ok) throw new Error('not injected');
    const listed = await faults.list({ environment: 'QA' });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.faults.every((f) => f.environment === 'QA')).toBe(true);
    expect(listed.faults).toContainEqual(qa.fault);
    const all = await faults.list();
    expect(all.ok && all.faults).toEqual(expect.arrayContaining([qa.fault, dev.fault]));
    expect(await faults.list({ environment: 'Moon' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { environment: expect.any(String) as string } },
    });
  });

  it('stores nothing twice: a retried command, or the same fault again, answers the first injection', async () => {
    const command = injectFaultCommand({ failInstall: true });
    const first = await faults.inject(command);
    expect(await faults.inject(command)).toEqual(first);
    const again = await faults.inject({ ...command, commandId: 'another', actor: 'carol@x.io' });
    expect(again).toEqual(first);
    const mine = (await stream()).filter(
      (e) => (e.data as { faultId: string }).faultId === command.faultId,
    );
    expect(mine).toHaveLength(1);
  });

  it('refuses another fault under an id in use, or used before, and writes nothing', async () => {
    const command = injectFaultCommand();
    await faults.inject(command);
    const before = await stream();
    expect(
      await faults.inject({ ...command, commandId: 'other-figures', errorRate: 0.5 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(command.faultId) as string },
    });
    await faults.remove(removeFaultCommand(command.faultId));
    const removed = await stream();
    expect(await faults.inject({ ...command, commandId: 'reuse' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('removed') as string },
    });
    expect(await stream()).toHaveLength(removed.length);
    expect(removed).toHaveLength(before.length + 1);
  });

  it('answers NOT_FOUND for a fault that is unknown or removed already', async () => {
    expect(await faults.remove(removeFaultCommand('no-such-fault'))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('no-such-fault') as string },
    });
    const command = injectFaultCommand();
    await faults.inject(command);
    expect(await faults.remove(removeFaultCommand(command.faultId))).toMatchObject({ ok: true });
    const before = await stream();
    expect(await faults.remove(removeFaultCommand(command.faultId))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await stream()).toEqual(before);
  });

  it('names the bad fields of a command and writes nothing', async () => {
    const before = await stream();
    const bad = {
      ...injectFaultCommand(),
      environment: 'Moon',
      version: 'v2',
      errorRate: 1.5,
      latencyMs: -1,
      cpu: 101,
      memory: 'high',
      failInstall: 'yes',
      actor: '',
    };
    const reply = await faults.inject(bad);
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!reply.ok && Object.keys(reply.error.fields ?? {}).sort()).toEqual([
      'actor',
      'cpu',
      'environment',
      'errorRate',
      'failInstall',
      'latencyMs',
      'memory',
      'version',
    ]);
    const { errorRate: _, ...noEffect } = injectFaultCommand();
    expect(await faults.inject(noEffect)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { effects: expect.any(String) as string } },
    });
    expect(await faults.remove({ actor: 'bob@example.com' })).toMatchObject({
      ok: false,
      error: { fields: { commandId: 'is required', faultId: 'is required' } },
    });
    expect(await stream()).toEqual(before);
  });

  it('two instances agree on the faults, and keep the stream consistent when both append at once', async () => {
    const [a, b] = [fixture.agent, other];
    const inject = (instance: InProcessService, command: InjectFault) =>
      instance.app.get(InjectFaultController).inject(command);
    const list = (instance: InProcessService) => instance.app.get(ListFaultsController).list({});

    const viaA = await inject(a, injectFaultCommand({ environment: 'Production' }));
    if (!viaA.ok) throw new Error(viaA.error.message);
    const listedByB = await list(b);
    expect(listedByB.ok && listedByB.faults).toContainEqual(viaA.fault);

    // Four each: a command is refused at most once per append of the other instance, so every
    // one of them gets through within the handler's five attempts.
    const commands = Array.from({ length: 8 }, () => injectFaultCommand());
    const replies = await Promise.all(commands.map((c, i) => inject(i % 2 ? a : b, c)));
    expect(replies.every((reply) => reply.ok)).toBe(true);
    const [byA, byB] = await Promise.all([list(a), list(b)]);
    expect(byA).toEqual(byB);
    const ids = byA.ok ? byA.faults.map((f) => f.faultId) : [];
    expect(ids).toEqual(expect.arrayContaining(commands.map((c) => c.faultId)));
    const events = await stream();
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));

    const removal = await b.app
      .get(RemoveFaultController)
      .remove(removeFaultCommand(viaA.fault.faultId));
    expect(removal).toEqual({ ok: true, faultId: viaA.fault.faultId });
    const listedByA = await list(a);
    expect(listedByA.ok && listedByA.faults.map((f) => f.faultId)).not.toContain(
      viaA.fault.faultId,
    );
  });
});
