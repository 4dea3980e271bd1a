/**
 * Sign-in from an OpenID Connect provider on one machine: the local server checks a bearer token
 * as the HTTP API's JWT authorizer does when it is pointed at that provider (the China profile),
 * and hands the handlers the claims in the form API Gateway does.
 *
 * What API Gateway documents for HTTP API JWT authorizers, and how it is mirrored here:
 * - the issuer's discovery document (`<issuer>/.well-known/openid-configuration`) names the key
 *   set (`jwks_uri`); it is read once, when the authorizer is made (here: at start, which fails
 *   with one sentence if the document cannot be read);
 * - the token may come with or without `Bearer `; its header must name a key id (`kid`) of the key
 *   set; only RSA signatures are accepted;
 * - `iss` must equal the configured issuer; `aud` must be one of the configured audiences, or,
 *   only when there is no `aud`, `client_id` must be; `exp` must be after now, `nbf` and `iat`
 *   before it;
 * - keys are cached for up to two hours, and a key id not yet seen makes it read the set again.
 * What differs is written down in docs/oidc-sign-in.md.
 */
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import type { OidcProvider } from '#shared/config/env';
import { StartupError } from './preflight';
import { flattenClaims } from './tokens';

/** The claims of a valid token as the handlers get them, or undefined for any other. */
export type BearerVerifier = (
  authorization: string | undefined,
) => Promise<Record<string, string> | undefined>;

/** "Currently, only RSA-based algorithms are supported" (HTTP API JWT authorizers). */
export const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** How long API Gateway may keep an issuer's public keys. */
const KEY_CACHE_MAX_AGE_MS = 2 * 60 * 60 * 1000;
/** How long start waits for the discovery document and a key set fetch for its answer. */
const FETCH_TIMEOUT_MS = 5_000;

/** Hosts where plain http is acceptable: this machine, as tests serve an issuer. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where OpenID Connect Discovery puts the document: after the issuer, its trailing slash dropped. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function refuseStart(issuer: string, what: string): StartupError {
  return new StartupError(
    `OIDC_ISSUER is ${JSON.stringify(issuer)}, but ${what}: check OIDC_ISSUER, or unset it and OIDC_AUDIENCE to sign in with local tokens.`,
  );
}

/** The key set's address from the issuer's discovery document, checked as a client should. */
async function discoverKeySet(issuer: string): Promise<URL> {
  const address = discoveryUrl(issuer);
  let document: unknown;
  try {
    const response = await fetch(address, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw refuseStart(
      issuer,
      `its discovery document ${address} could not be read (${(error as Error).message})`,
    );
  }
  const { issuer: named, jwks_uri: keySet } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  // OpenID Connect Discovery: the document's issuer must be the one it was fetched for.
  if (named !== issuer)
    throw refuseStart(issuer, `its discovery document names the issuer ${JSON.stringify(named)}`);
  const url = typeof keySet === 'string' && URL.canParse(keySet) ? new URL(keySet) : undefined;
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))))
    throw refuseStart(issuer, `its discovery document gives no https jwks_uri (${JSON.stringify(keySet)})`);
  return url;
}

/** The token of an Authorization header: the header itself, or what follows `Bearer `. */
function tokenOf(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  if (!value) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  if (bearer) return bearer[1];
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value) ? value : undefined;
}

/** `aud` when the token has one, else `client_id`: one of them must be a configured audience. */
function forOurClient(payload: JWTPayload, audiences: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const named = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return named.some((audience) => audiences.includes(audience));
  }
  return typeof payload.client_id === 'string' && audiences.includes(payload.client_id);
}

/**
 * The verifier for tokens of `provider`, once its discovery document has been read (at start, as
 * API Gateway reads it when the authorizer is made).
 */
export async function discoverOidcVerifier(provider: OidcProvider): Promise<BearerVerifier> {
  const keys = createRemoteJWKSet(await discoverKeySet(provider.issuer), {
    cacheMaxAge: KEY_CACHE_MAX_AGE_MS,
    timeoutDuration: FETCH_TIMEOUT_MS,
  });
  return async (authorization) => {
    const token = tokenOf(authorization);
    if (!token) return undefined;
    try {
      // A key id is required even where the key set holds a single key, as API Gateway wants.
      if (!decodeProtectedHeader(token).kid) return undefined;
      const { payload } = await jwtVerify(token, keys, {
        issuer: provider.issuer,
        algorithms: RSA_ALGORITHMS,
        requiredClaims: ['exp'],
      });
      if (!forOurClient(payload, provider.audiences)) return undefined;
      // jose checks `iat` only against a maximum age; API Gateway wants it in the past.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) return undefined;
      return flattenClaims(payload);
    } catch {
      return undefined;
    }
  };
}
