/**
 * Sign-in from an OpenID Connect provider, as the China profile has it: the test serves an issuer
 * of its own (discovery document and key set over HTTP, an RS256 key), whose tokens name the
 * caller in claims of its own choosing; the local system, pointed at it with OIDC_ISSUER,
 * OIDC_AUDIENCE and CLAIM_*, checks them as the HTTP API's JWT authorizer would and reads who
 * calls through the configured claim names.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { uniqueIdNumber } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

const AUDIENCE = 'gx-knowledge-renewal-web';
const KID = 'gx-sso-2026';

let issuerServer: Server;
let issuer: string;
let published: KeyPair;
/** A key the provider never published. */
let stranger: KeyPair;
/** An EC key the provider does publish: API Gateway's HTTP API accepts RSA signatures only. */
let ecKey: KeyPair;
const served: string[] = [];

let system: LocalSystem;
let anonymous: ApiClient;

/** The provider's own claim names, as a Keycloak realm's mappers might write them. */
const SIGN_IN_ENV = {
  CLAIM_USER_ID: 'uid',
  CLAIM_ROLES: 'roles',
  CLAIM_ORG_ID: 'org_id',
  CLAIM_NAME: 'display_name',
  CLAIM_EMAIL: 'mail',
};

interface Signing {
  key?: KeyPair;
  alg?: string;
  kid?: string | undefined;
  issuer?: string;
  audience?: string | undefined;
  expiresAt?: number | string;
  notBefore?: number;
  issuedAt?: number;
}

/** A token of the test's provider (or, with `signing`, one that is wrong in one way). */
function token(claims: JWTPayload, signing: Signing = {}): Promise<string> {
  const kid = 'kid' in signing ? signing.kid : KID;
  const header = { alg: signing.alg ?? 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) };
  const jwt = new SignJWT(claims)
    .setProtectedHeader(header)
    .setIssuer(signing.issuer ?? issuer)
    .setIssuedAt(signing.issuedAt)
    .setExpirationTime(signing.expiresAt ?? '10m');
  if (!('audience' in signing)) jwt.setAudience(AUDIENCE);
  else if (signing.audience) jwt.setAudience(signing.audience);
  if (signing.notBefore) jwt.setNotBefore(signing.notBefore);
  return jwt.sign((signing.key ?? published).privateKey);
}

const now = () => Math.floor(Date.now() / 1000);

async function startIssuer(): Promise<void> {
  published = await generateKeyPair('RS256');
  stranger = await generateKeyPair('RS256');
  ecKey = await generateKeyPair('ES256');
  const port = await freePort();
  // A path, as Keycloak's realms have: discovery goes under it.
  issuer = `http://127.0.0.1:${port}/realms/gx`;
  const keySet = {
    keys: [
      { ...(await exportJWK(published.publicKey)), kid: KID, alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecKey.publicKey)), kid: 'gx-sso-ec', alg: 'ES256', use: 'sig' },
    ],
  };
  const discovery = {
    issuer,
    jwks_uri: `${issuer}/protocol/openid-connect/certs`,
    authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    id_token_signing_alg_values_supported: ['RS256'],
  };
  issuerServer = createServer((request, response) => {
    served.push(request.url ?? '');
    const body =
      request.url === '/realms/gx/.well-known/openid-configuration'
        ? discovery
        : request.url === '/realms/gx/protocol/openid-connect/certs'
          ? keySet
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((resolve) => issuerServer.listen(port, '127.0.0.1', resolve));
}

beforeAll(async () => {
  await startIssuer();
  system = await startLocalSystem({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, ...SIGN_IN_ENV } });
  anonymous = new ApiClient(system.baseUrl);
});

afterAll(async () => {
  await system?.stop();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

const signedIn = async (claims: JWTPayload, signing?: Signing) =>
  anonymous.withToken(await token(claims, signing));

describe('the provider', () => {
  it('was asked for its discovery document at start, before any token came', () => {
    expect(served).toEqual(['/realms/gx/.well-known/openid-configuration']);
  });
});

describe('a trainee signed in at the provider', () => {
  const profile = (overrides: Record<string, string> = {}) => ({
    name: '覃海燕',
    idNumber: uniqueIdNumber(),
    employer: '广西壮族自治区人民医院',
    city: '南宁',
    email: 'qinhaiyan@example.cn',
    ...overrides,
  });

  it("is the user of its uid claim, named by display_name and mail, not Cognito's claims", async () => {
    const trainee = await signedIn({
      uid: 'oidc-trainee-1',
      roles: ['trainee'],
      display_name: '覃海燕',
      mail: 'qinhaiyan@example.cn',
      // What a Cognito token would say: the mapping reads none of it.
      sub: 'cognito-subject',
      'cognito:groups': ['admin'],
      name: '别人',
      email: 'someone-else@example.cn',
    });
    const saved = await trainee.request('PUT', '/trainees/me', { body: profile() });
    expect(saved.status).toBe(200);
    expect((await trainee.get('/trainees/me')).body).toMatchObject({
      name: '覃海燕',
      email: 'qinhaiyan@example.cn',
    });

    // The name and address are those of display_name and mail: another is refused.
    const renamed = await trainee.request('PUT', '/trainees/me', { body: profile({ name: '别人' }) });
    expect(renamed.status).toBe(422);
    expect(renamed.body.error).toMatchObject({
      code: 'PROFILE_CLAIM_MISMATCH',
      details: [{ field: 'name' }],
    });

    // `cognito:groups` says admin, but the roles claim is `roles`: a trainee may not add organizations.
    const refused = await trainee.post('/organizations', {
      name: '某单位',
      kind: 'base',
      level: 'regional',
      city: '南宁',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    // The keys came from the key set the discovery document names.
    expect(served).toContain('/realms/gx/protocol/openid-connect/certs');
  });

  it('is the same user in a second token (a new sign-in), its profile kept', async () => {
    const again = await signedIn({ uid: 'oidc-trainee-1', roles: 'trainee', display_name: '覃海燕' });
    expect((await again.get('/trainees/me')).body.name).toBe('覃海燕');
  });
});

describe('the program office and a department signed in at the provider', () => {
  it('lets an admin of the roles claim add an organization, and a department read its scope by org_id', async () => {
    const admin = await signedIn({ uid: 'oidc-admin-1', roles: 'admin', org_id: 'org_hrss' });
    const added = await admin.post('/organizations', {
      name: '广西壮族自治区卫生健康委员会',
      kind: 'department',
      city: '南宁',
    });
    expect(added.status).toBe(201);

    const department = await signedIn({ uid: 'oidc-dept-1', roles: ['department'], org_id: added.body.id });
    const reports = await department.get('/annual-reports');
    expect(reports.status).toBe(200);
    expect(reports.body.items).toEqual([]);

    // Without org_id the department acts for no organization, whatever `custom:orgId` says.
    const orgless = await signedIn({
      uid: 'oidc-dept-2',
      roles: ['department'],
      'custom:orgId': added.body.id,
    });
    const refused = await orgless.get('/annual-reports');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('takes client_id for the audience when a token has no aud, as API Gateway does', async () => {
    const access = await signedIn(
      { uid: 'oidc-admin-2', roles: ['admin'], client_id: AUDIENCE },
      { audience: undefined },
    );
    expect((await access.get('/organizations')).status).toBe(200);
  });
});

describe('a token the HTTP API would refuse', () => {
  const claims = { uid: 'oidc-trainee-refused', roles: ['trainee'] };
  const refusals: [string, () => Promise<string>][] = [
    ['for another audience', () => token(claims, { audience: 'another-client' })],
    [
      'with client_id but an aud of another client',
      () => token({ ...claims, client_id: AUDIENCE }, { audience: 'x' }),
    ],
    ['without aud or client_id', () => token(claims, { audience: undefined })],
    ['from another issuer', () => token(claims, { issuer: issuer.replace('/gx', '/other') })],
    ['expired', () => token(claims, { issuedAt: now() - 3_600, expiresAt: now() - 60 })],
    ['not valid yet (nbf)', () => token(claims, { notBefore: now() + 600 })],
    ['issued in the future (iat)', () => token(claims, { issuedAt: now() + 600 })],
    ['signed with a key id the key set lacks', () => token(claims, { kid: 'retired-2019' })],
    ['without a key id', () => token(claims, { kid: undefined })],
    ['with a bad signature (a stranger key under the published kid)', () => token(claims, { key: stranger })],
    [
      'signed with a published EC key (not RSA)',
      () => token(claims, { key: ecKey, alg: 'ES256', kid: 'gx-sso-ec' }),
    ],
  ];

  it.each(refusals)('is 401 in the one error shape, in Chinese, when %s', async (_, make) => {
    const answer = await anonymous.withToken(await make()).get('/trainees/me');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: { code: 'UNAUTHORIZED', message: '请先登录：请求须携带有效的 Bearer 令牌' },
    });
  });

  it('is 401 for a bad signature where the token is otherwise right, and in English when asked', async () => {
    const good = await token(claims);
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${(await token({ ...claims, uid: 'x' })).split('.')[2]}`;
    expect((await anonymous.withToken(good).get('/trainees/me')).status).toBe(404);
    const answer = await anonymous
      .withToken(forged)
      .request('GET', '/trainees/me', { headers: { 'accept-language': 'en' } });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Sign in: send a valid Bearer token',
    });
  });

  it('is 401 for a token of the local signer: the provider is the only issuer', async () => {
    const minted = await anonymous.post('/local/tokens', {
      sub: 'admin-1',
      role: 'admin',
      orgId: 'org_hrss',
    });
    expect(minted.status).toBe(201);
    expect((await anonymous.withToken(minted.body.token).get('/organizations')).status).toBe(401);
  });
});
