import type { DeploymentEvent } from '@hotswap/contracts';
import type { Decider } from '@hotswap/decider';
import type { DeploymentCommand } from './deployment-command.js';
import { initialDeploymentState, type DeploymentState } from './deployment-state.js';
import { decideDeployment } from './decide-deployment.js';
import { evolveDeployment } from './evolve-deployment.js';

/** The deployment aggregate: stream `deployment-<executionId>`, driven by the orchestrator. */
export const deploymentDecider: Decider<DeploymentCommand, DeploymentEvent, DeploymentState> = {
  decide: decideDeployment,
  evolve: evolveDeployment,
  initialState: initialDeploymentState,
};
