import { SERVICES } from '@hotswap/contracts';
import { HotSwapSystem } from './hotswap-system.js';

describe('HotSwapSystem (the built services as processes)', () => {
  it('starts extra instances of a service beside the first, and stops every one', async () => {
    const system = await HotSwapSystem.start({}, undefined, {
      extraInstances: { 'node-agent': 2 },
    });
    let stopped = false;
    try {
      const agents = system.instances.get('node-agent')!;
      expect(agents).toHaveLength(3);
      expect(agents[0]).toBe(system.processes.get('node-agent'));
      expect(new Set(agents.map((p) => p.pid)).size).toBe(3);
      for (const agent of agents) {
        expect((await fetch(`${await agent.url()}/health/ready`)).status).toBe(200);
      }
      for (const { name } of SERVICES.filter((s) => s.name !== 'node-agent')) {
        expect(system.instances.get(name)).toEqual([system.processes.get(name)]);
      }
      await system.stop();
      stopped = true;
      const exits = await Promise.all([...system.instances.values()].flat().map((p) => p.exited));
      expect(exits).toHaveLength(SERVICES.length + 2);
    } finally {
      if (!stopped) await system.stop();
    }
  });

  it('restarts a killed instance as a new process on the same port, ready again', async () => {
    const system = await HotSwapSystem.start({}, undefined, {
      extraInstances: { 'node-agent': 1 },
    });
    try {
      const old = system.instance('node-agent', 1);
      const url = await old.url();
      const fresh = await system.restart('node-agent', 1);
      expect((await old.exited).signal).toBe('SIGKILL');
      expect(fresh.pid).not.toBe(old.pid);
      expect(system.instances.get('node-agent')![1]).toBe(fresh);
      expect(await fresh.ready()).toBe(url);
      const first = system.processes.get('gateway')!;
      const gateway = await system.restart('gateway', 0);
      expect(system.processes.get('gateway')).toBe(gateway);
      expect(first.hasExited).toBe(true);
      expect(await gateway.ready()).toBe(system.gateway);
    } finally {
      await system.stop();
    }
  });

  it('refuses a count of extra instances that is not a whole number, starting nothing', async () => {
    await expect(
      HotSwapSystem.start({}, undefined, { extraInstances: { 'node-agent': -1 } }),
    ).rejects.toThrow('extraInstances of node-agent must be a whole number >= 0, not -1');
  });
});
