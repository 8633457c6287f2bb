import { connect, type Msg, type NatsConnection } from 'nats';
import {
  rolloutStream,
  SUBJECTS,
  type RolloutEvent,
  type StartRollout,
  type StartRolloutReply,
} from '@hotswap/contracts';
import type { EventStore, RecordedEvent } from '@hotswap/event-store';
import { DEFAULT_COMMAND_RETRY, sendCommand } from '@hotswap/messaging';
import { eventually, uniqueName } from '@hotswap/testing';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import { VariableProblems } from '@hotswap/config';
import { readStrategyPolicy } from '@hotswap/rollout-domain';
import { strategyRunnerModule } from '../src/app.module.js';
import type { StrategyRunnerSettings } from '../src/settings/strategy-runner-settings.js';

export const runnerSettings = (
  overrides: Partial<StrategyRunnerSettings> = {},
): StrategyRunnerSettings => ({
  nodeCommandTimeoutMs: 2_000,
  // A node that does not answer fails in half a second, not in the production budget's 15 s.
  commandRetry: { ...DEFAULT_COMMAND_RETRY, budgetMs: 500, initialDelayMs: 10, maxDelayMs: 100 },
  nodeOperationsInFlight: 10,
  rollbackDeadlineMs: 600_000,
  moduleChecks: {},
  // Waits and smoke tests of zero: tests do not sit out five minutes.
  policy: readStrategyPolicy(
    {
      HOTSWAP_CANARY_WAVE_WAIT_MS: '0',
      HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
      HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
    },
    new VariableProblems(),
  ),
  subscriberId: uniqueName('strategy-runner-test-'),
  leaseKey: uniqueName('hotswap:test:lease:strategy-runner:'),
  rolloutTimersKeyPrefix: uniqueName('hotswap:test:rollout-timers:'),
  legacyActiveRolloutsKey: uniqueName('hotswap:test:active-rollouts:'),
  ...overrides,
});

export function startRunner(
  env: Record<string, string>,
  settings = runnerSettings(),
): Promise<InProcessService> {
  return startInProcess(
    'strategy-runner',
    strategyRunnerModule(() => settings),
    env,
  );
}

export function startRolloutCommand(overrides: Partial<StartRollout> = {}): StartRollout {
  const rolloutId = uniqueName('r');
  return {
    commandId: uniqueName('cmd'),
    actor: 'service:orchestrator',
    rolloutId,
    executionId: `exec-${rolloutId}`,
    moduleName: uniqueName('mod'),
    version: '1.0.0',
    targetEnvironment: 'Development',
    strategy: 'Direct',
    ...overrides,
  };
}

export const sendStartRollout = (client: NatsConnection, command: StartRollout) =>
  sendCommand<StartRolloutReply>(client, SUBJECTS.startRollout, command);

/** The rollout's events once it has ended (succeeded, failed or rolled back), within the deadline. */
export function finishedRollout(store: EventStore, rolloutId: string): Promise<RecordedEvent[]> {
  return eventually(
    async () => {
      const events = await store.readStream(rolloutStream(rolloutId));
      const last = events.at(-1)?.type;
      return last === 'RolloutSucceeded' || last === 'RolloutFailed' || last === 'RolloutRolledBack'
        ? events
        : undefined;
    },
    { what: `rollout ${rolloutId} to end` },
  );
}

export const typesOf = (events: RecordedEvent[]) => events.map((e) => e.type);
export const dataOf = <T extends RolloutEvent['type']>(
  event: RecordedEvent | undefined,
  type: T,
) => {
  if (event?.type !== type) throw new Error(`expected ${type}, got ${String(event?.type)}`);
  return event.data as Extract<RolloutEvent, { type: T }>['data'];
};

/** Answers NATS requests the way a NestJS @MessagePattern handler does (`{ id, response }`). */
export function respond(
  nats: NatsConnection,
  subject: string,
  answer: (data: unknown, msg: Msg) => unknown,
) {
  return nats.subscribe(subject, {
    callback: (_error, msg) => {
      const packet = JSON.parse(new TextDecoder().decode(msg.data)) as {
        id: string;
        data: unknown;
      };
      msg.respond(
        JSON.stringify({ id: packet.id, response: answer(packet.data, msg), isDisposed: true }),
      );
    },
  });
}

export async function counterValue(service: InProcessService, name: string): Promise<number> {
  const metric = await service.metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

export const clientOf = (natsUrl: string) => connect({ servers: natsUrl });
