import { performance } from 'node:perf_hooks';
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { readInt, type Environment as Variables, type VariableProblems } from '@hotswap/config';
import type { CommandReply } from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from './send-command.js';

/** How commands between services are tried again (ADR 0011). */
export interface CommandRetrySettings {
  /**
   * How long, in all, a command is tried before it counts as not delivered: no attempt starts
   * after it. Sized to ride out a restart of the service that answers (about 10 s).
   */
  readonly budgetMs: number;
  /** The first pause; later ones grow exponentially, with decorrelated jitter, up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures in a row to one destination that open its circuit: calls then fail at once. */
  readonly breakAfter: number;
  /** How long an open circuit waits before it lets one call through to test the destination. */
  readonly halfOpenAfterMs: number;
}

export const DEFAULT_COMMAND_RETRY: CommandRetrySettings = Object.freeze({
  budgetMs: 15_000,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  breakAfter: 5,
  halfOpenAfterMs: 1_000,
});

/**
 * HOTSWAP_COMMAND_RETRY_BUDGET_MS (default 15 s; 0: one attempt), read by every service that
 * sends commands to another. The pauses never grow past a quarter of the budget.
 */
export function readCommandRetry(env: Variables, problems: VariableProblems): CommandRetrySettings {
  const budgetMs = problems.read(
    () =>
      readInt(env, 'HOTSWAP_COMMAND_RETRY_BUDGET_MS', {
        default: DEFAULT_COMMAND_RETRY.budgetMs,
        min: 0,
        max: 600_000,
      }),
    DEFAULT_COMMAND_RETRY.budgetMs,
  );
  const { initialDelayMs, maxDelayMs } = DEFAULT_COMMAND_RETRY;
  return Object.freeze({
    ...DEFAULT_COMMAND_RETRY,
    budgetMs,
    maxDelayMs: Math.max(initialDelayMs, Math.min(maxDelayMs, Math.floor(budgetMs / 4))),
  });
}

/**
 * `uncertain`: some attempt may have reached a receiver that then did not answer (a time-out, a
 * transport error) or that answered UNAVAILABLE or INTERNAL, so it may have acted on the command
 * all the same; false when every attempt is known to have done nothing or answered for good.
 */
export type Delivery<Reply> =
  | { readonly delivered: true; readonly reply: Reply; readonly uncertain: boolean }
  | { readonly delivered: false; readonly error: CommandNotDelivered; readonly uncertain: boolean };

export interface DeliverOptions {
  /** How long one attempt waits for its answer. */
  readonly timeoutMs: number;
  /**
   * The circuit the command goes through (default: its subject): one per destination that fails
   * as a whole, e.g. one per node for node commands.
   */
  readonly destination?: string;
}

/** An UNAVAILABLE reply: the receiver is up but its store is not; worth trying again. */
class UnavailableReply extends Error {
  constructor(readonly reply: CommandReply & { ok: false }) {
    super(reply.error.message);
  }
}

/** The budget ran out before this attempt: what the last one found. */
class OutOfBudget extends Error {
  constructor(readonly last: unknown) {
    super('out of budget');
  }
}

const transient = (error: unknown) =>
  error instanceof CommandNotDelivered ||
  error instanceof UnavailableReply ||
  error instanceof BrokenCircuitError;

/**
 * The one way HotSwap's services try a command again (cockatiel): attempts until the budget is
 * spent, exponential back-off with jitter between them, and a circuit breaker per destination,
 * so that many rollouts waiting on one node-agent that restarts do not each hammer it with
 * requests that cannot be answered. Safe because every command carries a commandId the receiver
 * deduplicates on. Tried again: a command not delivered (no responder, no answer in time) and an
 * UNAVAILABLE reply; any other reply (a refusal) is returned at once.
 */
export class CommandRetry {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly nc: NatsConnection,
    readonly settings: CommandRetrySettings = DEFAULT_COMMAND_RETRY,
    private readonly logger?: Logger,
  ) {}

  async deliver<Reply extends CommandReply>(
    subject: string,
    data: object,
    { timeoutMs, destination = subject }: DeliverOptions,
  ): Promise<Delivery<Reply>> {
    const { budgetMs, initialDelayMs, maxDelayMs } = this.settings;
    const startedAt = performance.now();
    const breaker = this.breaker(destination);
    let last: unknown;
    let uncertain = false;
    const policy = retry(handleWhen(transient), {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }),
    });
    const retried = policy.onRetry(({ attempt, delay, ...failure }) => {
      const reason = 'error' in failure ? failure.error.message : 'unexpected reply';
      this.logger?.warn({ subject, attempt, retryInMs: Math.round(delay) }, reason);
    });
    try {
      const reply = await policy.execute(({ attempt }) => {
        if (attempt > 0 && performance.now() - startedAt >= budgetMs) throw new OutOfBudget(last);
        return breaker.execute(async () => {
          try {
            const answer = await sendCommand<Reply>(this.nc, subject, data, { timeoutMs });
            if (
              !answer.ok &&
              (answer.error.code === 'UNAVAILABLE' || answer.error.code === 'INTERNAL')
            ) {
              uncertain = true;
            }
            if (!answer.ok && answer.error.code === 'UNAVAILABLE') {
              throw new UnavailableReply(answer);
            }
            return answer;
          } catch (error) {
            last = error;
            if (error instanceof CommandNotDelivered && error.reason !== 'NO_RESPONDER') {
              uncertain = true;
            }
            throw error;
          }
        });
      });
      return { delivered: true, reply, uncertain };
    } catch (error) {
      const cause = error instanceof OutOfBudget ? error.last : error;
      if (cause instanceof UnavailableReply)
        return { delivered: true, reply: cause.reply as Reply, uncertain };
      if (cause instanceof CommandNotDelivered)
        return { delivered: false, error: cause, uncertain };
      if (cause instanceof BrokenCircuitError || cause === undefined) {
        return {
          delivered: false,
          error: new CommandNotDelivered(
            subject,
            'NO_RESPONDER',
            `'${subject}' failed ${this.settings.breakAfter} times in a row and was not tried again within ${budgetMs} ms`,
            { cause },
          ),
          uncertain,
        };
      }
      // Not a failure to deliver (a bug in handling the reply): the caller's to see.
      throw error;
    } finally {
      retried.dispose();
    }
  }

  private breaker(destination: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(destination);
    if (breaker === undefined) {
      breaker = circuitBreaker(
        handleWhen(
          (error) => error instanceof CommandNotDelivered || error instanceof UnavailableReply,
        ),
        {
          halfOpenAfter: this.settings.halfOpenAfterMs,
          breaker: new ConsecutiveBreaker(this.settings.breakAfter),
        },
      );
      this.breakers.set(destination, breaker);
    }
    return breaker;
  }
}
