/**
 * Checks a certificate token against the published keys. Anything that is not a well-formed
 * ES256 JWS signed by one of them is refused with a reason, never an exception: a verifier is
 * handed arbitrary input.
 */
import { compactVerify, importJWK } from 'jose';
import type { PublicJwk } from './port';

export const MAX_TOKEN_BYTES = 4096;

export type TokenCheck =
  | { ok: true; kid: string; claims: Record<string, unknown> }
  | { ok: false; reason: string };

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
    return { ok: false, reason: `Longer than ${MAX_TOKEN_BYTES} bytes` };
  // An empty signature is still a JWS shape (alg none): it is refused below, naming the algorithm.
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return { ok: false, reason: 'Not a compact JWS' };
  const header = decodeHeader(token);
  if (!header) return { ok: false, reason: 'The JWS header is not JSON' };
  if (header.alg !== 'ES256')
    return { ok: false, reason: `Algorithm ${String(header.alg)} is not accepted (ES256 only)` };
  const key = keys.find((candidate) => candidate.kid === header.kid);
  if (!key) return { ok: false, reason: 'Signed by a key that is not ours' };
  try {
    const { payload } = await compactVerify(token, await importJWK(key, 'ES256'), { algorithms: ['ES256'] });
    return claimsOf(payload, key.kid);
  } catch {
    return { ok: false, reason: 'The signature does not match: the token was altered or forged' };
  }
}

function claimsOf(payload: Uint8Array, kid: string): TokenCheck {
  try {
    const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return { ok: true, kid, claims: claims as Record<string, unknown> };
    }
  } catch {
    // not JSON: refused below
  }
  return { ok: false, reason: 'The payload is not a certificate' };
}
