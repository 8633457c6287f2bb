import type { X509Certificate } from 'node:crypto';

/** Who signed a module, as ModuleRegistered records it. */
export interface Signer {
  /** Distinguished name, one line: `CN=Payments team, O=Example` (Node lists one RDN a line). */
  readonly subject: string;
  readonly issuer: string;
  /** Hexadecimal, upper case, as OpenSSL prints it. */
  readonly serialNumber: string;
  /** ISO 8601. */
  readonly validTo: string;
}

export function signerOf(certificate: X509Certificate): Signer {
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validTo: isoOr(validityOf(certificate).notAfter, certificate.validTo),
  };
}

/** A certificate's name for problems: its subject on one line, quoted. */
export function nameOf(certificate: X509Certificate): string {
  return `'${oneLine(certificate.subject)}'`;
}

/**
 * The validity dates. Node 20 gives them only as OpenSSL's text ("Jan  1 00:00:00 2030 GMT"),
 * which Date parses; an unparsable one comes back as an invalid Date, never a throw.
 */
export function validityOf(certificate: X509Certificate): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo) };
}

function isoOr(date: Date, text: string): string {
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
