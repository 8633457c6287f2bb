/**
 * Runs work for one key after the work already queued for that key, and work for different keys
 * side by side. The agent appends to each node's stream one command at a time: concurrent
 * commands for one node (deployments of different modules) would otherwise race into revision
 * conflicts, re-reads and, past the handler's retry limit, failed installs.
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
