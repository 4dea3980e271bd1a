/**
 * The signing port: certificates are compact JWS (ES256) signed by a key whose private half never
 * leaves its keeper (KMS in the cloud, a file under DATA_DIR on one machine). Anyone verifies them
 * offline with the public keys.
 */
/** A public P-256 key as published in the JWKS. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
  [member: string]: unknown;
}

export interface CertificateSigner extends VerificationKeys {
  /** A compact JWS of `claims`, with the current key's `kid` in its header. */
  sign(claims: Record<string, unknown>): Promise<string>;
  /**
   * An ES256 signature (r ‖ s, 64 bytes) with the current key over the bytes `message` builds for
   * that key: the builder is handed the key first, so what is signed can name it (the compact
   * token's COSE header, shared/signing/cose.ts). Returns the key with the signature.
   */
  signBytes(message: (key: PublicJwk) => Uint8Array): Promise<SignedBytes>;
  /** The public keys a valid certificate may be signed with: the current one first, then retired ones. */
  publicKeys(): Promise<PublicJwk[]>;
}

export interface SignedBytes {
  key: PublicJwk;
  signature: Uint8Array;
}

export const JWS_TYPE = 'gx-certificate+jwt';

/** A short, stable kid for a KMS key: the key's UUID (the last part of an id or ARN). */
export const kidOf = (keyId: string) => keyId.split('/').pop() as string;

/** Who only checks signatures: the public keys a valid certificate may be signed with. */
export interface VerificationKeys {
  publicKeys(): Promise<PublicJwk[]>;
}
