import { CommandFailed, UsageError } from './cli-error.js';
import { DEFAULT_GATEWAY_URL } from './login/login-command.js';

/** The gateway answered, but not with a 2xx: exit code 1, with its status and message. */
export class GatewayRefused extends CommandFailed {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${status}: ${message}`);
  }
}

export interface GatewayDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
}

/**
 * The gateway's REST API as an operator's command calls it: at --gateway (else
 * HOTSWAP_GATEWAY_URL, else npm start's), with the token in HOTSWAP_TOKEN. A refusal becomes a
 * CommandFailed with the status and the gateway's own message.
 */
export class GatewayClient {
  private constructor(
    readonly url: string,
    private readonly token: string,
    private readonly dependencies: GatewayDependencies,
  ) {}

  static from(gateway: string | undefined, dependencies: GatewayDependencies): GatewayClient {
    const url = (gateway ?? dependencies.env['HOTSWAP_GATEWAY_URL'] ?? DEFAULT_GATEWAY_URL).replace(
      /\/$/,
      '',
    );
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
    } catch {
      throw new UsageError(`Option --gateway '${url}' is not an http(s) URL`);
    }
    const token = dependencies.env['HOTSWAP_TOKEN'];
    if (!token) {
      throw new UsageError(
        'No token: set HOTSWAP_TOKEN, e.g. HOTSWAP_TOKEN=$(npm run -s hotswap -- login admin)',
      );
    }
    return new GatewayClient(url, token, dependencies);
  }

  /** The JSON body of a 2xx answer to `method path`. */
  async call<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    let response: Response;
    try {
      response = await this.dependencies.fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}` },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      throw new CommandFailed(
        `The gateway at ${this.url} did not answer (${cause}): is it running?`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (response.status < 200 || response.status > 299) {
      throw new GatewayRefused(response.status, body.message ?? response.statusText);
    }
    return body as T;
  }
}
