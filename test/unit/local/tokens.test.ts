import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  flattenClaims,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type LocalSigner,
  loadOrCreateSigner,
  mintToken,
  verifyBearer,
} from '#infra/local/tokens';
import { loadConfig } from '#shared/config/env';
import { principalFromClaims } from '#shared/http/principal';
import { makeTempDir } from '../helpers/temp-dir';

const dir = makeTempDir('keys');
let signer: LocalSigner;
let stranger: LocalSigner;

beforeAll(async () => {
  signer = await loadOrCreateSigner(join(dir.path, 'keys'));
  stranger = await loadOrCreateSigner(join(dir.path, 'other-keys'));
});
afterAll(() => dir.remove());

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('local tokens', () => {
  it('round-trips mint and verify, with claims flattened as API Gateway does', async () => {
    const token = await mintToken(signer, {
      sub: 'admin-1',
      role: 'admin',
      orgId: 'org_hrss',
      name: '王五',
      email: 'wang@example.cn',
    });
    const claims = await verifyBearer(signer, `Bearer ${token}`);
    expect(claims).toMatchObject({
      sub: 'admin-1',
      'cognito:groups': '[admin]',
      'custom:orgId': 'org_hrss',
      name: '王五',
      email: 'wang@example.cn',
      token_use: 'id',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
    });
    for (const value of Object.values(claims ?? {})) expect(typeof value).toBe('string');
    expect(Number(claims?.exp) - Number(claims?.iat)).toBe(12 * 60 * 60);
  });

  it('leaves optional claims out of a trainee token', async () => {
    const claims = await verifyBearer(
      signer,
      `Bearer ${await mintToken(signer, { sub: 't-1', role: 'trainee' })}`,
    );
    expect(claims?.['cognito:groups']).toBe('[trainee]');
    expect(claims).not.toHaveProperty('custom:orgId');
    expect(claims).not.toHaveProperty('email');
  });

  it('carries the identity in the configured claim names, so CLAIM_* apply to local tokens too', async () => {
    const names = loadConfig({
      CLAIM_USER_ID: 'uid',
      CLAIM_ROLES: 'roles',
      CLAIM_ORG_ID: 'org_id',
      CLAIM_NAME: 'display_name',
      CLAIM_EMAIL: 'mail',
    }).claimNames;
    const request = {
      sub: 'h-1',
      role: 'host',
      orgId: 'org_h',
      name: '赵六',
      email: 'zhao@example.cn',
    } as const;
    const claims = await verifyBearer(signer, `Bearer ${await mintToken(signer, request, names)}`);
    expect(claims).toMatchObject({
      sub: 'h-1',
      uid: 'h-1',
      roles: '[host]',
      org_id: 'org_h',
      mail: 'zhao@example.cn',
    });
    expect(claims).not.toHaveProperty('cognito:groups');
    expect(principalFromClaims(claims, names)).toEqual({
      userId: 'h-1',
      roles: ['host'],
      orgId: 'org_h',
      name: '赵六',
      email: 'zhao@example.cn',
    });
  });

  it('accepts the scheme in any case', async () => {
    const token = await mintToken(signer, { sub: 'u', role: 'host' });
    expect((await verifyBearer(signer, `bearer ${token}`))?.sub).toBe('u');
  });

  it('refuses a token signed by another key', async () => {
    const token = await mintToken(stranger, { sub: 'admin-1', role: 'admin' });
    expect(await verifyBearer(signer, `Bearer ${token}`)).toBeUndefined();
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
      .setSubject('admin-1')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(signer.privateKey);
    expect(await verifyBearer(signer, `Bearer ${token}`)).toBeUndefined();
  });

  it('mints every token with the key id in its header and an expiry', async () => {
    const token = await mintToken(signer, { sub: 'u', role: 'trainee' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: signer.kid });
    const { exp, iat } = decodeJwt(token);
    expect(typeof exp).toBe('number');
    expect(exp).toBeGreaterThan(Date.now() / 1000);
    expect(iat).toBeLessThanOrEqual(Date.now() / 1000);
  });

  describe("wants what API Gateway's JWT authorizer wants: a known kid and an exp", () => {
    /** Right key, issuer, audience and role; `header` and `expiry` vary. */
    const signed = (header: { alg: 'ES256'; kid?: string }, expiry: string | undefined) => {
      const jwt = new SignJWT({ token_use: 'id', 'cognito:groups': ['admin'] })
        .setProtectedHeader(header)
        .setSubject('admin-1')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt();
      return (expiry ? jwt.setExpirationTime(expiry) : jwt).sign(signer.privateKey);
    };

    it('accepts the well-formed token the cases below each spoil in one way', async () => {
      const token = await signed({ alg: 'ES256', kid: signer.kid }, '1h');
      expect((await verifyBearer(signer, `Bearer ${token}`))?.sub).toBe('admin-1');
    });

    it('refuses a token without exp', async () => {
      const token = await signed({ alg: 'ES256', kid: signer.kid }, undefined);
      expect(decodeJwt(token)).not.toHaveProperty('exp');
      expect(await verifyBearer(signer, `Bearer ${token}`)).toBeUndefined();
    });

    it('refuses a token without kid', async () => {
      const token = await signed({ alg: 'ES256' }, '1h');
      expect(decodeProtectedHeader(token)).not.toHaveProperty('kid');
      expect(await verifyBearer(signer, `Bearer ${token}`)).toBeUndefined();
    });

    it('refuses a token whose kid names no local key', async () => {
      const token = await signed({ alg: 'ES256', kid: `${signer.kid}-other` }, '1h');
      expect(await verifyBearer(signer, `Bearer ${token}`)).toBeUndefined();
    });
  });

  it('refuses a token for another issuer or audience, even with the right key', async () => {
    const sign = (issuer: string, audience: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('u')
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(signer.privateKey);
    expect(await verifyBearer(signer, `Bearer ${await sign('urn:other', LOCAL_AUDIENCE)}`)).toBeUndefined();
    expect(await verifyBearer(signer, `Bearer ${await sign(LOCAL_ISSUER, 'other-client')}`)).toBeUndefined();
  });

  it('refuses a token whose payload was changed to another role', async () => {
    const token = await mintToken(signer, { sub: 'trainee-1', role: 'trainee' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const forged = [header, base64url({ ...claims, 'cognito:groups': ['admin'] }), signature].join('.');
    expect(forged).not.toBe(token);
    expect(await verifyBearer(signer, `Bearer ${token}`)).toBeDefined();
    expect(await verifyBearer(signer, `Bearer ${forged}`)).toBeUndefined();
  });

  it('refuses an unsigned token', async () => {
    const claims = { sub: 'admin-1', 'cognito:groups': ['admin'], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE };
    const unsigned = `${base64url({ alg: 'none' })}.${base64url({ ...claims, exp: Date.now() / 1000 + 60 })}.`;
    expect(await verifyBearer(signer, `Bearer ${unsigned}`)).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['garbage', 'Bearer not-a-jwt'],
    ['three garbage segments', 'Bearer a.b.c'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
  ])('answers undefined for %s', async (_, authorization) => {
    expect(await verifyBearer(signer, authorization)).toBeUndefined();
  });

  it('reuses the key file across loads', async () => {
    const file = join(dir.path, 'keys', 'local-jwt-es256.json');
    const before = readFileSync(file, 'utf8');
    const again = await loadOrCreateSigner(join(dir.path, 'keys'));
    expect(again.kid).toBe(signer.kid);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mode & 0o077).toBe(0);
    const token = await mintToken(signer, { sub: 'u', role: 'assessor' });
    expect((await verifyBearer(again, `Bearer ${token}`))?.sub).toBe('u');
  });
});

describe('flattenClaims', () => {
  it('turns every value into a string, arrays as "[a b]"', () => {
    expect(
      flattenClaims({
        sub: 'u',
        'cognito:groups': ['admin', 'host'],
        exp: 1700000000,
        flag: true,
        obj: { a: 1 },
      }),
    ).toEqual({
      sub: 'u',
      'cognito:groups': '[admin host]',
      exp: '1700000000',
      flag: 'true',
      obj: '{"a":1}',
    });
  });
});
