import { deepStrictEqual, fail } from 'node:assert/strict';
import { fold, type Decider, type DomainEvent } from './decider.js';

/**
 * Decider tests in the domain's words: given these events, when this command, then these events
 * (or this error). Uses node:assert, so it works under any test runner.
 *
 *   const spec = DeciderSpecification.for(deploymentDecider);
 *   spec.given([requested]).when(startPipeline).then([started, buildStarted]);
 */
export class DeciderSpecification<Command, Event extends DomainEvent, State> {
  private constructor(private readonly decider: Decider<Command, Event, State>) {}

  static for<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
  ): DeciderSpecification<C, E, S> {
    return new DeciderSpecification(decider);
  }

  given(events: readonly Event[]) {
    const state = fold(this.decider, events);
    return {
      when: (command: Command) => {
        const run = () => this.decider.decide(command, state);
        return {
          then: (expected: readonly Event[]) => deepStrictEqual(run(), expected),
          thenNothingHappens: () => deepStrictEqual(run(), []),
          thenThrows: (check: (error: Error) => boolean) => {
            try {
              run();
            } catch (error) {
              if (!(error instanceof Error) || !check(error)) throw error;
              return;
            }
            fail('expected the command to be refused, but it was accepted');
          },
        };
      },
    };
  }
}
