import type { ChildProcess } from 'node:child_process';

/** Kills `child` (SIGKILL) if this process dies before `child` has exited; returns `child`. */
export function guard<T extends ChildProcess>(child: T): T;
