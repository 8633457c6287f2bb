/**
 * The decider shape every aggregate and workflow follows (STYLE.md §1, after emmett):
 * `decide(command, state)` says what happened, `evolve(state, event)` folds it in. Pure: no I/O,
 * no clock (time comes in the command).
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /**
   * Folds several events at once, with the same result as evolving them one by one: for states
   * where one event at a time would copy a large part of the state per event (a rollout's
   * thousands of nodes). Optional.
   */
  evolveAll?(state: State, events: readonly Event[]): State;
}

/** Folds `events` into `state` with the decider's evolveAll when it has one. */
export function evolveAll<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'evolveAll'>,
  state: State,
  events: readonly Event[],
): State {
  return decider.evolveAll
    ? decider.evolveAll(state, events)
    : events.reduce((current, event) => decider.evolve(current, event), state);
}

/** A rule refused the command; the message says which rule. Nothing is appended. */
export class DomainRuleViolated extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleViolated';
  }
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'evolveAll' | 'initialState'>,
  events: readonly Event[],
): State {
  return evolveAll(decider, decider.initialState(), events);
}
