import { CommandFailed, UsageError } from './cli-error.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:5000';

export interface GatewayDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
}

/** The gateway answered, but not with a 2xx: exit code 1, with its status and message. */
export class GatewayRefused extends CommandFailed {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${status}: ${message}`);
  }
}

/** Where the gateway is: --gateway, else HOTSWAP_GATEWAY_URL, else npm start's; an http(s) URL. */
export function gatewayUrl(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const url = given ?? env['HOTSWAP_GATEWAY_URL'] ?? DEFAULT_GATEWAY_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`Option --gateway '${url}' is not an http(s) URL`);
  }
  return url.replace(/\/$/, '');
}

/**
 * One call to the gateway's REST API: its status and JSON body when it answered 2xx. Nobody
 * answering, or a refusal, becomes a CommandFailed (GatewayRefused with the gateway's words).
 */
export async function callGateway<T>(
  fetchFn: typeof fetch,
  url: string,
  path: string,
  init: RequestInit,
): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetchFn(`${url}${path}`, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new CommandFailed(`The gateway at ${url} did not answer (${cause}): is it running?`);
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (response.status < 200 || response.status > 299) {
    throw new GatewayRefused(response.status, body.message ?? response.statusText);
  }
  return { status: response.status, body: body as T };
}

/** The gateway's API as an operator's command calls it: as the user whose token is in HOTSWAP_TOKEN. */
export class GatewayClient {
  private constructor(
    readonly url: string,
    private readonly token: string,
    private readonly dependencies: GatewayDependencies,
  ) {}

  static from(gateway: string | undefined, dependencies: GatewayDependencies): GatewayClient {
    const url = gatewayUrl(gateway, dependencies.env);
    const token = dependencies.env['HOTSWAP_TOKEN'];
    if (!token) {
      throw new UsageError(
        'No token: set HOTSWAP_TOKEN, e.g. HOTSWAP_TOKEN=$(npm run -s hotswap -- login admin)',
      );
    }
    return new GatewayClient(url, token, dependencies);
  }

  /** The status and JSON body of a 2xx answer to `method path` (with `body`, if any). */
  request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: RequestInit['body'],
  ): Promise<{ status: number; body: T }> {
    return callGateway<T>(this.dependencies.fetch, this.url, path, {
      method,
      headers: { authorization: `Bearer ${this.token}` },
      ...(body !== undefined && { body }),
    });
  }

  /** The JSON body of a 2xx answer to `method path`. */
  async call<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    return (await this.request<T>(method, path)).body;
  }
}
