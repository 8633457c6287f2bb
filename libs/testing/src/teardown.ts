/**
 * What a test file started, stopped in reverse order by `run()` even when a step fails or the
 * set-up stopped half-way: a nats-server left running would keep jest from exiting.
 */
export class Teardown {
  private readonly steps: Array<() => unknown> = [];

  /** Registers `stop` and returns `resource`, so set-up reads `x = teardown.add(await start(), …)`. */
  add<T>(resource: T, stop: (resource: T) => unknown): T {
    this.steps.push(() => stop(resource));
    return resource;
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'teardown failed');
  }
}
