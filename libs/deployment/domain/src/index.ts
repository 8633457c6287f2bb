// The deployment context's commands, state and decider arrive with issue 3's deployment use cases.
export {};
