import { readFileSync } from 'node:fs';
import {
  InvalidVariable,
  readEnum,
  readString,
  type Environment as Variables,
  type VariableProblems,
} from '@hotswap/config';
import { ENVIRONMENTS, type Environment } from '@hotswap/contracts';

/**
 * What SecurityScan asks of a module: in a strict environment (Staging and Production by default,
 * `HOTSWAP_<ENVIRONMENT>_STRICT_SIGNATURES`) a registered module whose signature, certificate
 * and chain to a trusted CA verify, else the stage fails; elsewhere a problem is a warning and an
 * unregistered module may deploy. The trusted CAs are PEM files (`HOTSWAP_TRUSTED_CA_FILES`,
 * comma-separated), read at start-up.
 */
export interface SignaturePolicy {
  readonly strict: Readonly<Record<Environment, boolean>>;
  readonly trustedCaFiles: readonly string[];
  readonly trustedCaPems: readonly string[];
}

export const DEFAULT_STRICT_SIGNATURES: Readonly<Record<Environment, boolean>> = {
  Development: false,
  QA: false,
  Staging: true,
  Production: true,
};

export const TRUSTED_CA_FILES_VARIABLE = 'HOTSWAP_TRUSTED_CA_FILES';

export function readSignaturePolicy(env: Variables, problems: VariableProblems): SignaturePolicy {
  const strict = Object.fromEntries(
    ENVIRONMENTS.map((environment) => {
      const name = `HOTSWAP_${environment.toUpperCase()}_STRICT_SIGNATURES`;
      const byDefault = DEFAULT_STRICT_SIGNATURES[environment];
      const value = problems.read(
        () =>
          readEnum(env, name, ['true', 'false'] as const, {
            default: byDefault ? 'true' : 'false',
          }),
        'true',
      );
      return [environment, value === 'true'];
    }),
  ) as Record<Environment, boolean>;
  const files = problems.read(
    () =>
      readString(env, TRUSTED_CA_FILES_VARIABLE, {
        default: '',
        pattern: /^[^\0]*$/,
        expected: 'comma-separated paths of PEM files',
      })
        .split(',')
        .map((file) => file.trim())
        .filter((file) => file !== ''),
    [],
  );
  const pems = problems.read(
    () =>
      files.map((file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch (error) {
          throw new InvalidVariable(
            TRUSTED_CA_FILES_VARIABLE,
            `names '${file}', which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
          );
        }
      }),
    [],
  );
  return { strict, trustedCaFiles: files, trustedCaPems: pems };
}
