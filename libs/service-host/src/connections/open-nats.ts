import { connect, Events, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { redactUrl, type HotSwapConfig } from '@hotswap/config';
import { DependencyUnavailable } from './dependency-unavailable.js';

/**
 * The process's NATS connection. The first connection must succeed (a service that starts without
 * NATS is misconfigured); after that it reconnects forever and logs each change of state.
 */
export async function openNats(config: HotSwapConfig, logger: Logger): Promise<NatsConnection> {
  let nats: NatsConnection;
  try {
    nats = await connect({
      servers: config.natsUrl,
      name: config.instanceId,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      timeout: 5_000,
    });
  } catch (error) {
    const where = `NATS at ${redactUrl(config.natsUrl)} (NATS_URL)`;
    throw new DependencyUnavailable(`cannot connect to ${where}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  void logStatus(nats, logger.child({ component: 'nats' }));
  return nats;
}

async function logStatus(nats: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nats.status()) {
    switch (status.type) {
      case Events.Disconnect:
        logger.warn({ server: status.data }, 'NATS connection lost');
        break;
      case Events.Reconnect:
        logger.info({ server: status.data }, 'NATS connection restored');
        break;
      case Events.Error:
        logger.warn({ error: status.data }, 'NATS error');
        break;
      default:
        logger.debug({ status: status.type, data: status.data }, 'NATS status');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
