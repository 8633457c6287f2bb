import { CoalescedRead } from './coalesced-read.js';

describe('CoalescedRead', () => {
  it('answers every caller with a read that started after it called, sharing reads', async () => {
    let reads = 0;
    const gates: (() => void)[] = [];
    const read = new CoalescedRead(async () => {
      const n = ++reads;
      await new Promise<void>((resolve) => gates.push(resolve));
      return n;
    });
    const first = read.next();
    // Arrive while the first read runs: they may have missed it, so they share the next one.
    const second = read.next();
    const third = read.next();
    expect(reads).toBe(1);
    gates.shift()!();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(2);
    const fourth = read.next(); // arrives during the second read: it needs a third
    gates.shift()!();
    expect(await Promise.all([second, third])).toEqual([2, 2]);
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
    expect(await fourth).toBe(3);
    expect(reads).toBe(3);
  });

  it('passes a failed read on to its callers and reads again for the next ones', async () => {
    let fail = true;
    const read = new CoalescedRead(async () => {
      if (fail) throw new Error('store down');
      return 'ok';
    });
    await expect(read.next()).rejects.toThrow('store down');
    fail = false;
    expect(await read.next()).toBe('ok');
  });
});
