import type { Fault, FaultEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/event-sourcing';
import { activeFaults, faultDecider, FaultNotFound, type FaultCommand } from './fault-decider.js';

const spec = DeciderSpecification.for(faultDecider);
const at = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T10:05:00.000Z';

const fault = (overrides: Partial<Fault> = {}): Fault => ({
  faultId: 'f1',
  environment: 'Production',
  moduleName: 'payments',
  version: '2.0.0',
  errorRate: 0.2,
  injectedAt: at,
  injectedBy: 'alice@example.com',
  ...overrides,
});
const inject = (overrides: Partial<Fault> = {}): FaultCommand => ({
  type: 'InjectFault',
  fault: fault(overrides),
});
const injected = (overrides: Partial<Fault> = {}): FaultEvent => ({
  type: 'FaultInjected',
  data: fault(overrides),
});
const remove = (faultId = 'f1'): FaultCommand => ({
  type: 'RemoveFault',
  faultId,
  at: later,
  by: 'bob@example.com',
});
const removed = (faultId = 'f1'): FaultEvent => ({
  type: 'FaultRemoved',
  data: { faultId, removedAt: later, removedBy: 'bob@example.com' },
});
const rule = (name: string) => (error: Error) =>
  error instanceof DomainRuleViolated && error.rule === name;

describe('faults', () => {
  it('injects a fault under a new id', () => {
    spec.given([]).when(inject()).then([injected()]);
  });

  it('decides nothing when the same fault is injected again (a retry), whoever asks and when', () => {
    spec
      .given([injected()])
      .when(inject({ injectedAt: later, injectedBy: 'bob@example.com', failInstall: false }))
      .thenNothingHappens();
  });

  it('refuses the id of an active fault for other figures', () => {
    spec
      .given([injected()])
      .when(inject({ errorRate: 0.3 }))
      .thenThrows(rule('fault-id-unique'));
    spec
      .given([injected()])
      .when(inject({ failInstall: true }))
      .thenThrows(rule('fault-id-unique'));
  });

  it('never reuses the id of a removed fault', () => {
    spec.given([injected(), removed()]).when(inject()).thenThrows(rule('fault-id-used-once'));
  });

  it('removes an active fault', () => {
    spec.given([injected()]).when(remove()).then([removed()]);
  });

  it('cannot remove a fault that is not active', () => {
    const notFound = (error: Error) => error instanceof FaultNotFound;
    spec.given([]).when(remove()).thenThrows(notFound);
    spec.given([injected(), removed()]).when(remove()).thenThrows(notFound);
  });

  it('folds its history into the active faults, in the order they were injected', () => {
    const state = fold(faultDecider, [
      injected({ faultId: 'f1' }),
      injected({ faultId: 'f2', failInstall: true }),
      injected({ faultId: 'f3' }),
      removed('f1'),
    ]);
    expect(activeFaults(state).map((f) => f.faultId)).toEqual(['f2', 'f3']);
  });
});
