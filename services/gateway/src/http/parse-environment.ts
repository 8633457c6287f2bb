import { ENVIRONMENTS, type Environment } from '@hotswap/contracts';

/** An environment named in a URL, in any letter case (`development` as well as `Development`). */
export function parseEnvironment(value: string): Environment | undefined {
  const lower = value.toLowerCase();
  return ENVIRONMENTS.find((environment) => environment.toLowerCase() === lower);
}

export const ENVIRONMENT_LIST = ENVIRONMENTS.join(', ');

/** The 404 message for a path that names no environment. */
export function unknownEnvironment(name: string): string {
  return `No environment is called '${name}': expected one of ${ENVIRONMENT_LIST}`;
}
