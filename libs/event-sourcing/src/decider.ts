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
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
