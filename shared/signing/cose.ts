/**
 * COSE_Sign1 (RFC 9052) with ES256, as the EU digital COVID certificate signed its QR payloads:
 * binary, so a signature and a few claims fit a small QR code. Signed by the same signer port as
 * the JWS (the same keys: KMS in the cloud, the key file locally). A JWS signing input is
 * base64url text and a COSE Sig_structure starts with the CBOR bytes of "Signature1", so neither
 * signature can pass for the other.
 *
 * The key id in the protected header is the first bytes of the key's RFC 7638 thumbprint, not its
 * JWKS `kid` (a KMS key id is 36 characters): a verifier computes the thumbprints of the
 * published keys (GET /public/keys) and so finds the key, the retired ones included.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { type CborValue, decode, encode, Tagged } from '#shared/cbor';
import type { CertificateSigner, PublicJwk } from './port';

/** RFC 9053: ECDSA w/ SHA-256. */
const ES256 = -7;
const HEADER_ALGORITHM = 1;
const HEADER_KEY_ID = 4;
const COSE_SIGN1_TAG = 18;
/** Enough to tell a handful of keys apart; the signature, not the id, decides. */
export const COSE_KEY_ID_BYTES = 4;
const ES256_SIGNATURE_BYTES = 64;

/** The first bytes of the RFC 7638 thumbprint of an EC key: its members in lexicographic order. */
export function coseKeyId(key: Pick<PublicJwk, 'crv' | 'kty' | 'x' | 'y'>): Uint8Array {
  const canonical = JSON.stringify({ crv: key.crv, kty: key.kty, x: key.x, y: key.y });
  return Uint8Array.from(createHash('sha256').update(canonical).digest().subarray(0, COSE_KEY_ID_BYTES));
}

const protectedHeader = (key: PublicJwk) =>
  encode(
    new Map<number, CborValue>([
      [HEADER_ALGORITHM, ES256],
      [HEADER_KEY_ID, coseKeyId(key)],
    ]),
  );

/** What the signature covers (RFC 9052 §4.4), with no external data. */
const sigStructure = (protectedBytes: Uint8Array, payload: Uint8Array) =>
  encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);

const sign1 = (protectedBytes: Uint8Array, payload: Uint8Array, signature: Uint8Array) =>
  encode(new Tagged(COSE_SIGN1_TAG, [protectedBytes, new Map(), payload, signature]));

export async function coseSign1(signer: CertificateSigner, payload: Uint8Array): Promise<Uint8Array> {
  const { key, signature } = await signer.signBytes((current) =>
    sigStructure(protectedHeader(current), payload),
  );
  return sign1(protectedHeader(key), payload, signature);
}

/** The length of a COSE_Sign1 of a payload of `payloadBytes`, before signing it. */
export function coseSign1Length(payloadBytes: number): number {
  const anyKey = { kty: 'EC', crv: 'P-256', x: '', y: '', kid: '', alg: 'ES256', use: 'sig' } as const;
  return sign1(protectedHeader(anyKey), new Uint8Array(payloadBytes), new Uint8Array(ES256_SIGNATURE_BYTES))
    .length;
}

export type CoseCheck =
  | { ok: true; key: PublicJwk; payload: Uint8Array }
  | { ok: false; problem: 'malformed' | 'key' | 'signature' }
  | { ok: false; problem: 'algorithm'; algorithm: string };

interface Sign1Parts {
  protectedBytes: Uint8Array;
  header: ReadonlyMap<number | string, CborValue>;
  payload: Uint8Array;
  signature: Uint8Array;
}

function partsOf(bytes: Uint8Array): Sign1Parts | undefined {
  try {
    const message = decode(bytes);
    if (!(message instanceof Tagged) || message.tag !== COSE_SIGN1_TAG) return undefined;
    const parts = message.value;
    if (!Array.isArray(parts) || parts.length !== 4) return undefined;
    const [protectedBytes, unprotected, payload, signature] = parts as CborValue[];
    if (!(protectedBytes instanceof Uint8Array) || !(unprotected instanceof Map)) return undefined;
    if (!(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) return undefined;
    const header = decode(protectedBytes);
    if (!(header instanceof Map)) return undefined;
    return { protectedBytes, header, payload, signature };
  } catch {
    return undefined;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, index) => byte === b[index]);

function signatureMatches(parts: Sign1Parts, key: PublicJwk): boolean {
  try {
    const publicKey = createPublicKey({
      key: { kty: key.kty, crv: key.crv, x: key.x, y: key.y },
      format: 'jwk',
    });
    return verify(
      'sha256',
      sigStructure(parts.protectedBytes, parts.payload),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      parts.signature,
    );
  } catch {
    // A published key Node cannot read: nothing it signed can be trusted.
    return false;
  }
}

/** Opens a COSE_Sign1 signed by one of `keys`; anything else is refused, never thrown. */
export function openCoseSign1(bytes: Uint8Array, keys: readonly PublicJwk[]): CoseCheck {
  const parts = partsOf(bytes);
  if (!parts) return { ok: false, problem: 'malformed' };
  const algorithm = parts.header.get(HEADER_ALGORITHM);
  if (algorithm !== ES256) return { ok: false, problem: 'algorithm', algorithm: String(algorithm) };
  const keyId = parts.header.get(HEADER_KEY_ID);
  const key = keys.find(
    (candidate) =>
      candidate.kty === 'EC' &&
      candidate.crv === 'P-256' &&
      keyId instanceof Uint8Array &&
      sameBytes(coseKeyId(candidate), keyId),
  );
  if (!key) return { ok: false, problem: 'key' };
  if (parts.signature.length !== ES256_SIGNATURE_BYTES || !signatureMatches(parts, key)) {
    return { ok: false, problem: 'signature' };
  }
  return { ok: true, key, payload: parts.payload };
}
