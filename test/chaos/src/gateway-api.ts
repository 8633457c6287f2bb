import { authorization, type TestUsername } from '@hotswap/testing';

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** No answer at all within this long: the gateway is down or stopped (SIGSTOP). */
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * The REST API as the chaos suite's clients call it, through whichever gateway instance answers:
 * a refused connection, a timeout or a 502/503/504 moves on to the next instance. A status that
 * is an answer (2xx, 4xx) is returned to the caller, who decides whether to ask again.
 */
export class GatewayApi {
  private next = 0;

  constructor(
    private readonly gateways: readonly string[],
    private readonly user: TestUsername = 'deployer',
  ) {}

  as(user: TestUsername): GatewayApi {
    return new GatewayApi(this.gateways, user);
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', path);
  }

  post<T = Record<string, unknown>>(
    path: string,
    body: object = {},
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, body, headers);
  }

  /** One request, tried once on each gateway at most; throws when none answered. */
  async call<T>(
    method: string,
    path: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    let last: unknown;
    for (let tried = 0; tried < this.gateways.length; tried++) {
      const gateway = this.gateways[this.next++ % this.gateways.length]!;
      try {
        const response = await fetch(`${gateway}${path}`, {
          method,
          headers: {
            ...authorization(this.user),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        const answer = { status: response.status, body: parseBody(text) as T };
        if (![502, 503, 504].includes(response.status)) return answer;
        last = new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error(`${method} ${path} failed: ${String(last)}`);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/**
 * Asks `attempt` again (every `intervalMs`) until it returns a value, or `deadline` (epoch ms)
 * passes: then the last answer, error or `undefined`, for the caller to record. A client that keeps
 * trying is what the suite measures against: the system must get there, not answer the first time.
 */
export async function keepTrying<T>(
  attempt: () => Promise<T | undefined>,
  deadline: number,
  intervalMs = 250,
): Promise<{ value?: T; error?: unknown }> {
  let error: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return { value };
    } catch (caught) {
      error = caught;
    }
    if (Date.now() > deadline) return { error };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
