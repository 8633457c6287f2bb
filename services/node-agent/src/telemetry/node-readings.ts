import { Injectable } from '@nestjs/common';
import type { Fault, MetricSample } from '@hotswap/contracts';
import { faultsAffecting, withFaults } from '../faults/fault-effects.js';
import { Faults } from '../faults/faults.js';
import { Nodes, type HostedNode } from '../nodes/nodes.js';
import { SampleHistory } from './sample-history.js';
import { SimulatedHealth } from './simulated-health.js';

/**
 * Takes the simulated readings of nodes (healthy figures, overridden by the faults that apply to
 * the node's current modules) and remembers them for metrics queries. Telemetry and queries read
 * through here, so what a query answers is what was published. A batch of readings reads the
 * faults once (`activeFaults`) and each node's stream at most once, however many samples.
 */
@Injectable()
export class NodeReadings {
  private readonly health = new SimulatedHealth();
  private readonly history = new SampleHistory();

  constructor(
    private readonly nodes: Nodes,
    private readonly faults: Faults,
  ) {}

  /** The active faults, caught up with their stream: read once per batch of readings. */
  activeFaults(): Promise<Fault[]> {
    return this.faults.active();
  }

  /**
   * `count` readings of `node` taken at `at` (ISO-8601) under `faults`, recorded. The node's
   * modules are read (caught up with its stream) only when a fault of its environment could
   * apply: a query of a cluster without faults reads no stream at all.
   */
  async take(
    node: HostedNode,
    faults: readonly Fault[],
    count: number,
    at: string,
  ): Promise<MetricSample[]> {
    if (!faults.some((fault) => fault.environment === node.environment)) {
      return this.takeRunning(node, {}, [], count, at);
    }
    const { modules } = await this.nodes.current(node.nodeId);
    return this.takeRunning(node, modules, faults, count, at);
  }

  /** Readings of a node running `modules`, just read by the caller (telemetry reports them). */
  takeRunning(
    node: HostedNode,
    modules: Readonly<Record<string, string>>,
    faults: readonly Fault[],
    count: number,
    at: string,
  ): MetricSample[] {
    const applying = faultsAffecting(faults, node.environment, modules);
    const time = Date.parse(at);
    const samples: MetricSample[] = [];
    for (let i = 0; i < count; i++) {
      const sample = { at, ...withFaults(this.health.next(node.nodeId), applying) };
      this.history.record(node.nodeId, sample, time);
      samples.push(sample);
    }
    return samples;
  }

  /** The readings of a node recorded from `from` to `to` (epoch milliseconds, inclusive). */
  recorded(nodeId: string, from: number, to: number): MetricSample[] {
    return this.history.between(nodeId, from, to);
  }
}
