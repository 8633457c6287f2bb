import { connect } from 'nats';
import { Redis } from 'ioredis';
import { privateServers } from './private-servers.js';

describe('privateServers (a nats-server and redis-server of a test of its own)', () => {
  it('restarts nats-server and redis-server after a crash on the same port, their data kept', async () => {
    const servers = await privateServers({ persistRedis: true });
    try {
      const { port: natsPort } = servers.nats;
      const nc = await connect({ servers: servers.nats.url });
      await (await nc.jetstreamManager()).streams.add({ name: 'KEPT', subjects: ['kept.>'] });
      await nc.jetstream().publish('kept.one', new TextEncoder().encode('1'));
      await nc.close();
      const redis = new Redis(servers.redis.url, { lazyConnect: true });
      await redis.connect();
      await redis.set('kept', 'yes');
      redis.disconnect();

      const killed = servers.nats.process;
      await servers.restartNats(100);
      expect(killed.signalCode).toBe('SIGKILL');
      await servers.restartRedis(100);
      expect(servers.nats.port).toBe(natsPort);

      const again = await connect({ servers: servers.nats.url });
      const info = await (await again.jetstreamManager()).streams.info('KEPT');
      expect(info.state.messages).toBe(1);
      await again.close();
      const reopened = new Redis(servers.redis.url, { lazyConnect: true });
      await reopened.connect();
      expect(await reopened.get('kept')).toBe('yes');
      reopened.disconnect();
    } finally {
      await servers.stop();
    }
  });
});
