import type { X509Certificate } from 'node:crypto';
import { validityOf } from './signer.js';

/** Whether `now` lies within the certificate's validity (both ends included, as RFC 5280 has it). */
export function validityProblems(certificate: X509Certificate, who: string, now: Date): string[] {
  const { notBefore, notAfter } = validityOf(certificate);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    return [
      `${who} has validity dates that do not parse ('${certificate.validFrom}' to '${certificate.validTo}')`,
    ];
  }
  if (now < notBefore) {
    return [`${who} is not valid before ${notBefore.toISOString()} (now ${now.toISOString()})`];
  }
  if (now > notAfter) {
    return [`${who} expired on ${notAfter.toISOString()} (now ${now.toISOString()})`];
  }
  return [];
}
