/**
 * A read that many callers need fresh at once (the fault stream, caught up before every install,
 * telemetry round and metrics query). Each caller gets the result of a read that started after it
 * called, so nothing appended before the call is missed; callers that arrive while a read runs
 * share the one read that follows it, so N concurrent callers cost at most two reads, one at a
 * time.
 */
export class CoalescedRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  next(): Promise<T> {
    if (this.queued !== undefined) return this.queued;
    if (this.running === undefined) return this.start();
    const ignore = () => undefined;
    this.queued = this.running.then(ignore, ignore).then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<T> {
    const running = this.read().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}
