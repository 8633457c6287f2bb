import { InMemoryEventStore } from '@hotswap/event-store';
import { CommandHandler } from './command-handler.js';
import { DomainRuleViolated, type Decider } from './decider.js';
import { DeciderSpecification } from './decider-specification.js';
import { derivedEventId } from './event-ids.js';

// A counter that refuses to go above a limit: enough to exercise the handler.
type Event = { type: 'Incremented'; data: { by: number } };
type Command = { type: 'Increment'; by: number };
const counter: Decider<Command, Event, number> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
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
