// The rollout context's commands, state and decider arrive with issue 3's rollout use cases.
export {};
