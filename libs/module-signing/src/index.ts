export { digestOf } from './digest-of.js';
export { MIN_RSA_BITS } from './rsa-key-size.js';
export { signModule } from './sign-module.js';
export { readCertificates } from './read-certificates.js';
export { signerOf, type Signer } from './signer.js';
export { verifyModule, type ModuleVerification, type VerifyModuleInput } from './verify-module.js';
export {
  createDevelopmentCa,
  issueSigningCertificate,
  type CertificateOptions,
  type CertifiedKey,
} from './development-ca.js';
