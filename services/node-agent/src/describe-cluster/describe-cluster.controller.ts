import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { ENVIRONMENTS, SUBJECTS, type DescribeClusterReply } from '@hotswap/contracts';
import { LOGGER } from '@hotswap/service-host';
import { FieldReader } from '@hotswap/messaging';
import { failureReply } from '@hotswap/messaging';
import { Nodes } from '../nodes/nodes.js';

/**
 * The nodes of one environment and the module versions their streams record: `modules` is the
 * active slot (what serves); `standby`, only on nodes that hold something there, Blue-Green's
 * standby slot. With `moduleName`, only that module.
 */
@Controller()
export class DescribeClusterController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'describe-cluster' });
  }

  @MessagePattern(SUBJECTS.describeCluster)
  async describe(@Payload() payload: unknown): Promise<DescribeClusterReply> {
    const fields = new FieldReader(payload);
    const moduleName = fields.optionalString('moduleName');
    const request = fields.result({ environment: fields.oneOf('environment', ENVIRONMENTS) });
    if (!request.ok) return request;
    const { environment } = request.value;
    const only = (slots: Readonly<Record<string, string>>): Record<string, string> =>
      moduleName === undefined
        ? { ...slots }
        : Object.hasOwn(slots, moduleName)
          ? { [moduleName]: slots[moduleName]! }
          : {};
    try {
      const nodes = await Promise.all(
        this.nodes.inEnvironment(environment).map(async ({ nodeId }) => {
          const state = await this.nodes.current(nodeId);
          const standby = only(state.standby);
          return {
            nodeId,
            environment,
            modules: only(state.modules),
            ...(Object.keys(standby).length === 0 ? {} : { standby }),
          };
        }),
      );
      return { ok: true, environment, nodes };
    } catch (error) {
      return failureReply(error, this.logger, `Describing the ${environment} cluster`);
    }
  }
}
