import { runCli } from '../src/run-cli.js';

export interface Captured {
  readonly code: number;
  /** The lines printed to stdout, and to stderr. */
  readonly out: string[];
  readonly err: string[];
}

/** One command line run as main.ts runs it, what it prints collected instead of printed. */
export async function runCaptured(...argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

/** The same, with stdout and stderr as text. */
export async function runAsText(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCaptured(...argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
