import type { Fault, FaultEvent, FaultSpec } from '@hotswap/contracts';
import { DomainRuleViolated, type Decider } from '@hotswap/event-sourcing';

/**
 * The faults injected into simulated nodes (stream `chaos-faults`, issue 4). Pure, like the
 * libraries' deciders: time and who asks come in the command. It lives in the node-agent because
 * the agent is the only one that reads or writes the stream.
 */
export type FaultCommand =
  | { readonly type: 'InjectFault'; readonly fault: Fault }
  | {
      readonly type: 'RemoveFault';
      readonly faultId: string;
      readonly at: string;
      readonly by: string;
    };

/** Every fault the stream ever held, by id: a fault id is used once. */
export type FaultRecord =
  | { readonly status: 'Active'; readonly fault: Fault }
  | { readonly status: 'Removed'; readonly fault: Fault; readonly removedAt: string };

export interface FaultsState {
  readonly faults: ReadonlyMap<string, FaultRecord>;
}

/** RemoveFault of a fault that is not active (never injected, or removed already). */
export class FaultNotFound extends Error {
  constructor(readonly faultId: string) {
    super(`No active fault '${faultId}'`);
    this.name = 'FaultNotFound';
  }
}

const SPEC_FIELDS = [
  'environment',
  'moduleName',
  'version',
  'errorRate',
  'latencyMs',
  'cpu',
  'memory',
] as const satisfies readonly (keyof FaultSpec)[];

/** Whether two faults do the same thing (who injected them and when aside). */
export function sameSpec(a: FaultSpec, b: FaultSpec): boolean {
  return (
    SPEC_FIELDS.every((field) => a[field] === b[field]) &&
    (a.failInstall ?? false) === (b.failInstall ?? false)
  );
}

export function decideFaults(command: FaultCommand, state: FaultsState): FaultEvent[] {
  switch (command.type) {
    case 'InjectFault': {
      const { fault } = command;
      const known = state.faults.get(fault.faultId);
      if (known === undefined) return [{ type: 'FaultInjected', data: fault }];
      if (known.status === 'Removed') {
        throw new DomainRuleViolated(
          'fault-id-used-once',
          `Fault '${fault.faultId}' was removed at ${known.removedAt}; inject a new fault under a new id`,
        );
      }
      // The same fault again (a retried command): nothing new, the recorded fault answers.
      if (sameSpec(known.fault, fault)) return [];
      throw new DomainRuleViolated(
        'fault-id-unique',
        `Fault '${fault.faultId}' is already injected with other figures; remove it first or use another id`,
      );
    }
    case 'RemoveFault': {
      if (state.faults.get(command.faultId)?.status !== 'Active') {
        throw new FaultNotFound(command.faultId);
      }
      return [
        {
          type: 'FaultRemoved',
          data: { faultId: command.faultId, removedAt: command.at, removedBy: command.by },
        },
      ];
    }
  }
}

export function evolveFaults(state: FaultsState, event: FaultEvent): FaultsState {
  const faults = new Map(state.faults);
  switch (event.type) {
    case 'FaultInjected':
      faults.set(event.data.faultId, { status: 'Active', fault: event.data });
      break;
    case 'FaultRemoved': {
      const known = faults.get(event.data.faultId);
      if (known === undefined) return state;
      faults.set(event.data.faultId, {
        status: 'Removed',
        fault: known.fault,
        removedAt: event.data.removedAt,
      });
      break;
    }
  }
  return { faults };
}

export const faultDecider: Decider<FaultCommand, FaultEvent, FaultsState> = {
  decide: decideFaults,
  evolve: evolveFaults,
  initialState: () => ({ faults: new Map() }),
};

/** The active faults, in the order they were injected. */
export function activeFaults(state: FaultsState): Fault[] {
  return [...state.faults.values()]
    .filter((record) => record.status === 'Active')
    .map((record) => record.fault);
}
