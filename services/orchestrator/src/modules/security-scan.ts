import type { Environment } from '@hotswap/contracts';
import type { StageOutcome } from '@hotswap/deployment-domain';
import { verifyModule } from '@hotswap/module-signing';
import { sha256Hex } from '@hotswap/messaging';

export interface ScanInput {
  readonly moduleName: string;
  readonly version: string;
  readonly environment: Environment;
  readonly strict: boolean;
  /** The version's registration; undefined when it was never uploaded. */
  readonly registration?: {
    readonly digest: string;
    readonly signature: string;
    readonly certificatePem: string;
  };
  /** The registered binary from the module store; undefined when it is missing. */
  readonly binary?: Uint8Array;
  readonly trustedCaPems: readonly string[];
  readonly now: Date;
}

/**
 * SecurityScan's verdict: the module's detached signature over its binary (RSA ≥ 2048, SHA-256),
 * the certificate's dates and its chain to a trusted CA, and the binary's digest against the one
 * registered. A strict environment fails the stage on any problem; another records the problems
 * as a warning and goes on (and deploys a module that was never registered).
 */
export function scanOutcome(input: ScanInput): StageOutcome {
  const { moduleName, version, environment, strict, registration, binary } = input;
  const what = `${moduleName} ${version}`;
  const problems: string[] = [];
  let signer: string | undefined;
  if (registration === undefined) {
    problems.push(`${what} is not registered: it has no signature to check (POST /api/v1/modules)`);
  } else if (binary === undefined) {
    problems.push(`the binary of ${what} is missing from the module store`);
  } else if (sha256Hex(binary) !== registration.digest) {
    problems.push(`the binary of ${what} is not the one registered (SHA-256 differs)`);
  } else {
    if (input.trustedCaPems.length === 0) {
      problems.push('no CA is trusted to sign modules (HOTSWAP_TRUSTED_CA_FILES is empty)');
    }
    const verification = verifyModule({
      binary,
      signature: registration.signature,
      certificatePem: registration.certificatePem,
      trustedCaPems: input.trustedCaPems,
      now: input.now,
    });
    if (verification.ok) signer = verification.signer.subject;
    else problems.push(...verification.problems.filter((p) => !problems.includes(p)));
  }
  if (problems.length === 0) {
    return {
      outcome: 'succeeded',
      message: `${what} is signed by ${signer} (SHA-256 ${registration!.digest}), chained to a trusted CA`,
    };
  }
  if (strict) {
    return {
      outcome: 'failed',
      reason: `Signature check failed (${environment} deploys only verified modules): ${problems.join('; ')}`,
    };
  }
  return {
    outcome: 'succeeded',
    message: `Warning, not verified (${environment} is not strict): ${problems.join('; ')}`,
  };
}
