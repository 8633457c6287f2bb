import type { X509Certificate } from 'node:crypto';
import { nameOf } from './signer.js';
import { validityProblems } from './validity-problems.js';

/**
 * Walks from the signing certificate to a trusted CA: up through the intermediates given with it
 * (in any order) until a trusted CA issued the last one. Each issuer must be a CA certificate
 * within its validity; "issued" means the issuer's name matches and its key verifies the
 * certificate's signature. An empty trust list is a problem, never a pass.
 */
export function chainProblems(
  signing: X509Certificate,
  intermediates: readonly X509Certificate[],
  trustedCas: readonly X509Certificate[],
  now: Date,
): string[] {
  if (trustedCas.length === 0) {
    return [
      'no trusted CA certificate is configured (or none parses), so no signer can be trusted',
    ];
  }
  const problems: string[] = [];
  const walked: X509Certificate[] = [signing];
  let current = signing;
  for (;;) {
    const anchor = trustedCas.find((ca) => issued(ca, current));
    if (anchor) {
      return [...problems, ...issuerProblems(anchor, `the trusted CA ${nameOf(anchor)}`, now)];
    }
    const next = intermediates.find((c) => !walked.includes(c) && issued(c, current));
    if (!next) return [...problems, noChain(current, trustedCas)];
    walked.push(next);
    problems.push(...issuerProblems(next, `the intermediate certificate ${nameOf(next)}`, now));
    current = next;
  }
}

function issued(issuer: X509Certificate, certificate: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function issuerProblems(ca: X509Certificate, who: string, now: Date): string[] {
  return [
    ...(ca.ca ? [] : [`${who} is not a CA certificate (its basic constraints say CA:FALSE)`]),
    ...validityProblems(ca, who, now),
  ];
}

function noChain(certificate: X509Certificate, trustedCas: readonly X509Certificate[]): string {
  const issuer = certificate.issuer.split('\n').join(', ');
  const sameName = trustedCas.some((ca) => ca.subject === certificate.issuer);
  const trusted = trustedCas.map(nameOf).join(', ');
  return sameName
    ? `${nameOf(certificate)} names the trusted CA '${issuer}' as its issuer, but that CA's key does not verify its signature`
    : `${nameOf(certificate)} is issued by '${issuer}', which is not a trusted CA (trusted: ${trusted})`;
}
