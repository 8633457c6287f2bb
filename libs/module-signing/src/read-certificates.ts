import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Every certificate in a PEM text (a bundle may hold several, leaf first), or the problem, in
 * plain words naming `what` (e.g. "the signing certificate"). Never throws.
 */
export function readCertificates(
  pem: unknown,
  what: string,
): { ok: true; certificates: X509Certificate[] } | { ok: false; problem: string } {
  if (typeof pem !== 'string') return { ok: false, problem: `${what} is not PEM text` };
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    return { ok: false, problem: `${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  }
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch (error) {
      const which = blocks.length > 1 ? ` (certificate ${index + 1} of ${blocks.length})` : '';
      return {
        ok: false,
        problem: `${what}${which} does not parse as an X.509 certificate: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  return { ok: true, certificates };
}
