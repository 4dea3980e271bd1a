/**
 * Local sign-in: an ES256 key kept under DATA_DIR/keys signs tokens shaped like Cognito ID tokens
 * (`sub`, `name`, `email`, `cognito:groups`, `custom:orgId`, or the claims `CLAIM_*` names),
 * always with a key id and an expiry, and the local server verifies them as the HTTP API's JWT
 * authorizer would, before any handler runs.
 */
import type { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type ClaimNames, DEFAULT_CLAIM_NAMES } from '#shared/config/env';
import type { Role } from '#shared/domain/roles';

export const LOCAL_ISSUER = 'urn:gx-knowledge-renewal:local';
export const LOCAL_AUDIENCE = 'gx-knowledge-renewal-local-client';
const TOKEN_LIFETIME = '12h';

interface KeyFile {
  kid: string;
  privateJwk: JWK;
}

export interface LocalSigner {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

/** The local signing key, generated on first use and then reused, so tokens survive restarts. */
export async function loadOrCreateSigner(keysDir: string): Promise<LocalSigner> {
  const file = join(keysDir, 'local-jwt-es256.json');
  let keyFile: KeyFile;
  try {
    keyFile = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    keyFile = { kid: `local-${Date.now().toString(36)}`, privateJwk: await exportJWK(privateKey) };
    mkdirSync(keysDir, { recursive: true });
    writeFileSync(file, JSON.stringify(keyFile), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = keyFile.privateJwk;
  return {
    kid: keyFile.kid,
    privateKey: (await importJWK(keyFile.privateJwk, 'ES256')) as webcrypto.CryptoKey,
    publicKey: (await importJWK(publicJwk, 'ES256')) as webcrypto.CryptoKey,
  };
}

export interface TokenRequest {
  sub: string;
  role: Role;
  orgId?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
}

/**
 * A token for `request`, its identity in the claims `names` gives (the configured `CLAIM_*`), so
 * the handlers read it as they read the cloud's; `sub` is always the user id too.
 */
export function mintToken(
  signer: LocalSigner,
  request: TokenRequest,
  names: ClaimNames = DEFAULT_CLAIM_NAMES,
): Promise<string> {
  return new SignJWT({
    token_use: 'id',
    [names.userId]: request.sub,
    [names.roles]: [request.role],
    ...(request.orgId ? { [names.orgId]: request.orgId } : {}),
    ...(request.name ? { [names.name]: request.name } : {}),
    ...(request.email ? { [names.email]: request.email } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(TOKEN_LIFETIME)
    .sign(signer.privateKey);
}

/**
 * Claims as API Gateway hands them to a Lambda: every value a string, arrays flattened to
 * `"[a b]"` (so handlers are tested against what production sends).
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}

/**
 * The flattened claims of a valid token, or undefined for a missing, expired, forged or foreign
 * one. As API Gateway's JWT authorizer does, it wants the key id (`kid`) of a key it knows in the
 * protected header and an expiry (`exp`): a token without either is refused, however well signed.
 */
export async function verifyBearer(
  signer: LocalSigner,
  authorization: string | undefined,
): Promise<Record<string, string> | undefined> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return undefined;
  try {
    const keyForHeader = (header: JWTHeaderParameters) => {
      if (header.kid !== signer.kid) throw new Error(`No local key with kid ${header.kid}`);
      return signer.publicKey;
    };
    const { payload } = await jwtVerify(token, keyForHeader, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['ES256'],
      requiredClaims: ['exp'],
    });
    return flattenClaims(payload);
  } catch {
    return undefined;
  }
}
