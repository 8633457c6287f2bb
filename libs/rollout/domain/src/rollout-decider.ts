import type { RolloutEvent } from '@hotswap/contracts';
import type { Decider } from '@hotswap/decider';
import type { RolloutCommand } from './rollout-commands.js';
import { decideRollout } from './decide-rollout.js';
import { evolveRollout, evolveRolloutAll } from './evolve-rollout.js';
import { initialRolloutState, type RolloutState } from './rollout-state.js';

/** A rollout of one module version to one cluster (stream `rollout-<rolloutId>`). */
export const rolloutDecider: Decider<RolloutCommand, RolloutEvent, RolloutState> = {
  decide: decideRollout,
  evolve: evolveRollout,
  evolveAll: evolveRolloutAll,
  initialState: initialRolloutState,
};
