/**
 * Checks a certificate token against the published keys. Anything that is not a well-formed
 * ES256 JWS signed by one of them is refused with a reason, never an exception: a verifier is
 * handed arbitrary input. Node's own crypto checks the signature (no JOSE library in the public
 * verification function: it starts faster without one).
 */

import { createPublicKey, verify } from 'node:crypto';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import type { PublicJwk } from './port';

/** An ES256 signature in JWS form: r and s, 32 bytes each (RFC 7518 §3.4). */
const ES256_SIGNATURE_BYTES = 64;

function signatureMatches(token: string, key: PublicJwk): boolean {
  if (key.kty !== 'EC' || key.crv !== 'P-256') return false;
  const lastDot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  if (signature.length !== ES256_SIGNATURE_BYTES) return false;
  const publicKey = createPublicKey({
    key: { kty: key.kty, crv: key.crv, x: key.x, y: key.y },
    format: 'jwk',
  });
  return verify(
    'sha256',
    Buffer.from(token.slice(0, lastDot)),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    signature,
  );
}

export const MAX_TOKEN_BYTES = 4096;

export type TokenCheck =
  | { ok: true; kid: string; claims: Record<string, unknown> }
  | { ok: false; reason: Text };

function decodeHeader(token: string): Record<string, unknown> | undefined {
  try {
    const header = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as unknown;
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function checkCertificateToken(token: string, keys: readonly PublicJwk[]): Promise<TokenCheck> {
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES)
    return { ok: false, reason: MESSAGES.verification.tooLong(MAX_TOKEN_BYTES) };
  // An empty signature is still a JWS shape (alg none): it is refused below, naming the algorithm.
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token))
    return { ok: false, reason: MESSAGES.verification.notCompactJws() };
  const header = decodeHeader(token);
  if (!header) return { ok: false, reason: MESSAGES.verification.headerNotJson() };
  if (header.alg !== 'ES256')
    return { ok: false, reason: MESSAGES.verification.algorithmRefused(String(header.alg)) };
  const key = keys.find((candidate) => candidate.kid === header.kid);
  if (!key) return { ok: false, reason: MESSAGES.verification.foreignKey() };
  let matches = false;
  try {
    matches = signatureMatches(token, key);
  } catch {
    // A published key Node cannot read: nothing it signed can be trusted.
  }
  if (!matches) return { ok: false, reason: MESSAGES.verification.signatureMismatch() };
  return claimsOf(token.split('.')[1] ?? '', key.kid);
}

function claimsOf(payload: string, kid: string): TokenCheck {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return { ok: true, kid, claims: claims as Record<string, unknown> };
    }
  } catch {
    // not JSON: refused below
  }
  return { ok: false, reason: MESSAGES.verification.notACertificate() };
}
