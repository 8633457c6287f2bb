import type { TokenUser } from '@hotswap/auth';
import { authorization, eventually, type TestUsername } from '@hotswap/testing';

/** The gateway's REST API as a client uses it, for the end-to-end tests. */
export interface DeploymentView {
  executionId: string;
  status: string;
  moduleName: string;
  moduleVersion: string;
  targetEnvironment: string;
  requesterEmail: string;
  startTime: string | null;
  endTime: string | null;
  duration: string | null;
  stages: {
    name: string;
    status: string;
    startTime: string | null;
    endTime: string | null;
    duration: string | null;
    message: string | null;
  }[];
  message: string | null;
}

export interface ClusterView {
  environment: string;
  nodes: {
    nodeId: string;
    modules: Record<string, string>;
    healthy: boolean;
    lastTelemetry: unknown;
  }[];
  summary: {
    total: number;
    healthy: number;
    unhealthy: number;
    averageCpuPercent: number;
    averageMemoryPercent: number;
  };
}

/** The API as one user calls it (a deployer by default); `as()` for another user. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly user: TestUsername | TokenUser = 'deployer',
  ) {}

  as(user: TestUsername | TokenUser): ApiClient {
    return new ApiClient(this.baseUrl, user);
  }

  async requestDeployment(body: object, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}/api/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization(this.user), ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: authorization(this.user) });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** POST with a JSON body; the status and the parsed body. */
  async post(path: string, body: object = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization(this.user) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Waits until GET /deployments/{id} shows one of `statuses` (the read model may lag the POST). */
  async waitForStatus(
    executionId: string,
    statuses: readonly string[],
    timeoutMs = 20_000,
  ): Promise<DeploymentView> {
    return eventually(
      async () => {
        const { status, body } = await this.get<DeploymentView>(
          `/api/v1/deployments/${executionId}`,
        );
        return status === 200 && statuses.includes(body.status) ? body : undefined;
      },
      {
        timeoutMs,
        intervalMs: 10,
        what: `deployment ${executionId} to be ${statuses.join(' or ')}`,
      },
    );
  }
}
