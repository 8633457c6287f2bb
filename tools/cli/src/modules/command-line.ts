import { UsageError } from '../cli-error.js';

/**
 * Splits arguments into positionals and `--name value` (or `--name=value`) options, refusing
 * options it was not told of, options given twice and options without a value.
 */
export function parseCommandLine(
  args: readonly string[],
  optionNames: readonly string[],
  usage: string,
): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!optionNames.includes(name))
      throw new UsageError(`Unknown option ${name} (usage: ${usage})`);
    if (options.has(name)) throw new UsageError(`Option ${name} is given twice`);
    const value = equals === -1 ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      throw new UsageError(`Option ${name} needs a value (usage: ${usage})`);
    }
    options.set(name, value);
  }
  return { positional, options };
}
