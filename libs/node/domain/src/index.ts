// The node context's commands, state and decider arrive with issue 3's node use cases.
export {};
