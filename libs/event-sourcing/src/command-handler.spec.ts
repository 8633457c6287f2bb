import { InMemoryEventStore } from '@hotswap/event-store';
import { CommandHandler } from './command-handler.js';
import { DomainRuleViolated, type Decider } from '@hotswap/decider';
import { DeciderSpecification } from '@hotswap/decider';
import { derivedEventId } from './event-ids.js';

// A counter that refuses to go above a limit, and can be set (setting it to what it is decides
// nothing, as installing the version a node runs does): enough to exercise the handler.
type Event = { type: 'Incremented'; data: { by: number } } | { type: 'Set'; data: { to: number } };
type Command = { type: 'Increment'; by: number } | { type: 'SetTo'; to: number };
const counter: Decider<Command, Event, number> = {
  initialState: () => 0,
  evolve: (state, event) => (event.type === 'Set' ? event.data.to : state + event.data.by),
  decide: (command, state) => {
    if (command.type === 'SetTo') {
      return command.to === state ? [] : [{ type: 'Set', data: { to: command.to } }];
    }
    if (state + command.by > 10)
      throw new DomainRuleViolated('limit', 'a counter never goes above 10');
    return command.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.by } }];
  },
};
const meta = { metadata: { actor: 'test' } };

describe('CommandHandler', () => {
  it('decides on the folded state and appends with the expected revision', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await handler.handle('counter-1', { type: 'Increment', by: 3 }, { causationId: 'c1', ...meta });
    const second = await handler.handle(
      'counter-1',
      { type: 'Increment', by: 4 },
      { causationId: 'c2', ...meta },
    );
    expect(second.state).toBe(7);
    expect(second.revision).toBe(1n);
    const stored = await store.readStream('counter-1');
    expect(stored.map((e) => e.id)).toEqual([derivedEventId('c1', 0), derivedEventId('c2', 0)]);
    expect(stored[1]!.metadata).toEqual({ actor: 'test', causationId: 'c2' });
  });

  it('reads again and decides again when another writer got there first', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store, counter);
    const theirs = new CommandHandler(store, counter);
    await mine.handle('counter-2', { type: 'Increment', by: 1 }, { causationId: 'a', ...meta });
    await theirs.handle('counter-2', { type: 'Increment', by: 8 }, { causationId: 'b', ...meta });
    // `mine` still believes the counter is 1; the conflict makes it see 9 and refuse.
    await expect(
      mine.handle('counter-2', { type: 'Increment', by: 2 }, { causationId: 'c', ...meta }),
    ).rejects.toThrow(DomainRuleViolated);
    const ok = await mine.handle(
      'counter-2',
      { type: 'Increment', by: 1 },
      { causationId: 'd', ...meta },
    );
    expect(ok.state).toBe(10);
  });

  it('appends nothing when the decider decides nothing, and a replayed cause stores nothing twice', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await handler.handle('counter-3', { type: 'Increment', by: 0 }, { causationId: 'z', ...meta });
    expect(await store.readStream('counter-3')).toEqual([]);
    await handler.handle(
      'counter-3',
      { type: 'Increment', by: 2 },
      { causationId: 'same', ...meta },
    );
    handler.forget('counter-3');
    await store.append('counter-3', [
      { id: derivedEventId('same', 0), type: 'Incremented', data: { by: 2 } },
    ]);
    expect((await store.readStream('counter-3')).length).toBe(1);
  });
});

describe('CommandHandler: a state from memory that another instance made stale', () => {
  it('decides "nothing to do" again on what the store holds', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store, counter);
    const theirs = new CommandHandler(store, counter);
    await mine.handle('counter-4', { type: 'SetTo', to: 1 }, { causationId: 'a', ...meta });
    await theirs.handle('counter-4', { type: 'SetTo', to: 2 }, { causationId: 'b', ...meta });
    // `mine` remembers 1: setting 1 looks like nothing to do, but the stream says 2.
    const handled = await mine.handle(
      'counter-4',
      { type: 'SetTo', to: 1 },
      { causationId: 'c', ...meta },
    );
    expect(handled.newEvents).toEqual([{ type: 'Set', data: { to: 1 } }]);
    expect(handled.state).toBe(1);
    expect((await store.readStream('counter-4')).map((e) => e.data)).toEqual([
      { to: 1 },
      { to: 2 },
      { to: 1 },
    ]);
  });

  it('refuses only on what the store holds', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store, counter);
    const theirs = new CommandHandler(store, counter);
    await mine.handle('counter-5', { type: 'SetTo', to: 9 }, { causationId: 'a', ...meta });
    await theirs.handle('counter-5', { type: 'SetTo', to: 0 }, { causationId: 'b', ...meta });
    const handled = await mine.handle(
      'counter-5',
      { type: 'Increment', by: 2 },
      { causationId: 'c', ...meta },
    );
    expect(handled.state).toBe(2);
  });

  it('confirms "nothing to do" with the store and then decides nothing', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await handler.handle('counter-6', { type: 'SetTo', to: 3 }, { causationId: 'a', ...meta });
    const handled = await handler.handle(
      'counter-6',
      { type: 'SetTo', to: 3 },
      { causationId: 'b', ...meta },
    );
    expect(handled).toEqual({ newEvents: [], state: 3, revision: 0n });
    expect(await store.readStream('counter-6')).toHaveLength(1);
  });
});

describe('CommandHandler: a retried command (the same causation id)', () => {
  it('is answered with what it recorded then, however much happened since', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await handler.handle(
      'counter-7',
      { type: 'SetTo', to: 2 },
      { causationId: 'install', ...meta },
    );
    await handler.handle('counter-7', { type: 'SetTo', to: 1 }, { causationId: 'undo', ...meta });
    const retry = await handler.handle(
      'counter-7',
      { type: 'SetTo', to: 2 },
      { causationId: 'install', ...meta },
    );
    expect(retry).toEqual({
      newEvents: [],
      state: 1,
      revision: 1n,
      earlier: { events: [{ type: 'Set', data: { to: 2 } }], state: 2, revision: 0n },
    });
    // Nothing decided again: the next command appends after what the stream holds.
    const next = await handler.handle(
      'counter-7',
      { type: 'Increment', by: 1 },
      { causationId: 'next', ...meta },
    );
    expect(next).toMatchObject({ state: 2, revision: 2n });
    expect((await store.readStream('counter-7')).map((e) => e.id)).toEqual([
      derivedEventId('install', 0),
      derivedEventId('undo', 0),
      derivedEventId('next', 0),
    ]);
  });

  it('is recognised by an instance that did not handle it, or that knows only an older state', async () => {
    const store = new InMemoryEventStore();
    const mine = new CommandHandler(store, counter);
    const theirs = new CommandHandler(store, counter);
    await mine.handle('counter-8', { type: 'Increment', by: 1 }, { causationId: 'a', ...meta });
    await theirs.handle('counter-8', { type: 'Increment', by: 4 }, { causationId: 'b', ...meta });
    // A retry of `b` whose data differs (a new timestamp, say): `mine` decides on its memory (1),
    // and the store answers with the stored copy, which sits just where this append would go.
    const retry = await mine.handle(
      'counter-8',
      { type: 'Increment', by: 2 },
      { causationId: 'b', ...meta },
    );
    expect(retry).toMatchObject({ newEvents: [], state: 5, revision: 1n });
    expect(retry.earlier?.events).toEqual([{ type: 'Incremented', data: { by: 4 } }]);
    // What `mine` keeps is what the stream holds (5), not what it decided (3).
    expect(await mine.state('counter-8')).toEqual({ state: 5, revision: 1n });
    const fresh = new CommandHandler(store, counter);
    const again = await fresh.handle(
      'counter-8',
      { type: 'Increment', by: 4 },
      { causationId: 'b', ...meta },
    );
    expect(again.earlier?.state).toBe(5);
    expect(await store.readStream('counter-8')).toHaveLength(2);
  });
});

describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(counter);
  it('checks events, nothing, and refusals', () => {
    spec
      .given([])
      .when({ type: 'Increment', by: 2 })
      .then([{ type: 'Incremented', data: { by: 2 } }]);
    spec
      .given([{ type: 'Incremented', data: { by: 5 } }])
      .when({ type: 'Increment', by: 0 })
      .thenNothingHappens();
    spec
      .given([{ type: 'Incremented', data: { by: 9 } }])
      .when({ type: 'Increment', by: 2 })
      .thenThrows((e) => e instanceof DomainRuleViolated && e.rule === 'limit');
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).then([])).toThrow();
  });
});
