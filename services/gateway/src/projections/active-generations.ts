/**
 * The generation of each read model the API answers from, as this instance last read it from
 * Redis (ProjectionSupervisor updates it). Readers' keys follow it (ReadModelKeys), so a rebuild's
 * swap moves every reader to the new generation within one supervision tick.
 */
export class ActiveGenerations {
  private active: ReadonlyMap<string, number> = new Map();

  of(readModel: string): number {
    return this.active.get(readModel) ?? 0;
  }

  update(active: ReadonlyMap<string, number>): void {
    this.active = active;
  }
}
