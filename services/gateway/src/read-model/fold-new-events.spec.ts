import type { RecordedEvent } from '@hotswap/event-store';
import { foldNewEvents } from './fold-new-events.js';

const event = (position: bigint, type: string) =>
  ({ position, type, streamName: 'deployment-a' }) as unknown as RecordedEvent;
/** A fold that lists the types it saw, and ignores `Noise`. */
const evolve = (document: string[] | undefined, e: RecordedEvent) =>
  e.type === 'Noise' ? document : [...(document ?? []), e.type];

describe('foldNewEvents', () => {
  it('folds the events after the saved position, and says where the last change was', () => {
    const saved = { document: ['A'], position: 10n };
    const batch = [event(9n, 'Old'), event(10n, 'A'), event(11n, 'B'), event(12n, 'Noise')];
    expect(foldNewEvents(saved, batch, evolve)).toEqual({ document: ['A', 'B'], position: 11n });
  });

  it('starts from nothing before the first save', () => {
    expect(foldNewEvents({}, [event(1n, 'A')], evolve)).toEqual({ document: ['A'], position: 1n });
  });

  it('has no position to save at when nothing changed (a redelivered batch)', () => {
    const saved = { document: ['A', 'B'], position: 11n };
    expect(foldNewEvents(saved, [event(10n, 'A'), event(11n, 'B')], evolve)).toEqual({
      document: ['A', 'B'],
    });
    expect(foldNewEvents({}, [event(5n, 'Noise')], evolve)).toEqual({});
  });
});
