/**
 * The local stand-in for the HTTP API's JWT authorizer pointed at an OpenID Connect provider
 * (infra/local/oidc.ts): discovery at start, and the claims handed over as API Gateway does.
 * The refusals are driven over HTTP in test/e2e/oidc-sign-in.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discoverOidcVerifier, discoveryUrl } from '#infra/local/oidc';
import { StartupError } from '#infra/local/preflight';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

let key: KeyPair;
let server: Server | undefined;

beforeAll(async () => {
  key = await generateKeyPair('RS256');
});

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Serves `documents` (by path, given the server's address) on a free port; its address. */
async function serve(documents: (base: string) => Record<string, unknown>): Promise<string> {
  let base = '';
  const started = createServer((request, response) => {
    const body = documents(base)[request.url ?? ''];
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  return base;
}

/** An issuer at `<base>/sso` whose discovery document names `named` and a key set with `key`. */
async function provider(named = (base: string) => `${base}/sso`): Promise<string> {
  const jwk = { ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256' };
  const base = await serve((at) => ({
    '/sso/.well-known/openid-configuration': { issuer: named(at), jwks_uri: `${at}/sso/certs` },
    '/sso/certs': { keys: [jwk] },
  }));
  return `${base}/sso`;
}

const sign = (issuer: string, claims: JWTPayload) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience('gx-web')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);

describe('discoveryUrl', () => {
  it('puts the document under the issuer, its trailing slash dropped', () => {
    expect(discoveryUrl('https://sso.example.gov.cn/realms/gx')).toBe(
      'https://sso.example.gov.cn/realms/gx/.well-known/openid-configuration',
    );
    expect(discoveryUrl('https://tenant.example.cn/')).toBe(
      'https://tenant.example.cn/.well-known/openid-configuration',
    );
  });
});

describe('discoverOidcVerifier', () => {
  it('hands over the claims as API Gateway does: strings, arrays flattened to [a b]', async () => {
    const issuer = await provider();
    const verify = await discoverOidcVerifier({ issuer, audiences: ['other', 'gx-web'] });
    const token = await sign(issuer, { uid: 'u-1', roles: ['host', 'department'], level: 3, active: true });
    const claims = await verify(`Bearer ${token}`);
    expect(claims).toMatchObject({
      uid: 'u-1',
      roles: '[host department]',
      level: '3',
      active: 'true',
      iss: issuer,
      aud: 'gx-web',
    });
    expect(typeof claims?.exp).toBe('string');
  });

  it('takes the token with or without Bearer, as the identity source may hold either', async () => {
    const issuer = await provider();
    const verify = await discoverOidcVerifier({ issuer, audiences: ['gx-web'] });
    const token = await sign(issuer, { uid: 'u-2' });
    expect((await verify(token))?.uid).toBe('u-2');
    expect((await verify(`bearer ${token}`))?.uid).toBe('u-2');
    expect(await verify(undefined)).toBeUndefined();
    expect(await verify('Basic dXNlcjpwYXNz')).toBeUndefined();
  });

  it('refuses to start when the discovery document names another issuer', async () => {
    const issuer = await provider((base) => `${base}/elsewhere`);
    const started = discoverOidcVerifier({ issuer, audiences: ['gx-web'] });
    await expect(started).rejects.toBeInstanceOf(StartupError);
    await expect(started).rejects.toThrow(
      /^OIDC_ISSUER is ".*", but its discovery document names the issuer/,
    );
  });

  it('refuses to start, in one sentence, when there is no discovery document', async () => {
    const base = await serve(() => ({}));
    await expect(discoverOidcVerifier({ issuer: `${base}/none`, audiences: ['gx-web'] })).rejects.toThrow(
      /^OIDC_ISSUER is ".*", but its discovery document .* could not be read \(HTTP 404\): check OIDC_ISSUER/,
    );
  });
});
