import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { hasRole, parseGroups, principalFromClaims } from '#shared/http/principal';

afterEach(() => useConfig(loadConfig({})));

/** The claim names of a provider that is not Cognito, as its CLAIM_* variables set them. */
const OIDC_NAMES = loadConfig({
  CLAIM_USER_ID: 'uid',
  CLAIM_ROLES: 'roles',
  CLAIM_ORG_ID: 'org_id',
  CLAIM_NAME: 'display_name',
  CLAIM_EMAIL: 'mail',
}).claimNames;

describe('parseGroups', () => {
  it.each([
    ['the HTTP API flattened form', '[admin host]', ['admin', 'host']],
    ['a JSON array string', '["admin","host"]', ['admin', 'host']],
    ['a JSON array string with spaces', ' [ "admin" , "host" ] ', ['admin', 'host']],
    ['a single group without brackets', 'admin', ['admin']],
    ['a single flattened group', '[trainee]', ['trainee']],
    ['a comma-separated list', 'admin,host', ['admin', 'host']],
    ['an empty flattened list', '[]', []],
    ['an empty string', '', []],
  ])('reads %s', (_, value, groups) => {
    expect(parseGroups(value)).toEqual(groups);
  });

  it('reads a real array', () => {
    expect(parseGroups(['admin', 'department'])).toEqual(['admin', 'department']);
  });

  it('reads undefined as no groups', () => {
    expect(parseGroups(undefined)).toEqual([]);
  });

  it.each([
    ['a space-separated string', 'admin host', ['admin', 'host']],
    ['a string separated by commas and spaces', 'admin, host', ['admin', 'host']],
    ['a flattened list of one', '[city]', ['city']],
  ])('reads %s', (_, value, groups) => {
    expect(parseGroups(value)).toEqual(groups);
  });

  it('falls back to the flattened form for a bracketed string that is not JSON', () => {
    expect(parseGroups('[admin "host]')).toEqual(['admin', '"host']);
  });
});

describe('principalFromClaims', () => {
  it('maps sub, groups, orgId, name and email', () => {
    expect(
      principalFromClaims({
        sub: 'user-1',
        'cognito:groups': '[host department]',
        'custom:orgId': 'org_abc',
        name: '张三',
        email: 'zhang@example.cn',
      }),
    ).toEqual({
      userId: 'user-1',
      roles: ['host', 'department'],
      orgId: 'org_abc',
      name: '张三',
      email: 'zhang@example.cn',
    });
  });

  it('drops groups that are not roles of the program', () => {
    const principal = principalFromClaims({ sub: 'u', 'cognito:groups': '[admin superuser us-east-1_pool]' });
    expect(principal?.roles).toEqual(['admin']);
  });

  it('leaves optional fields out when their claims are missing or empty', () => {
    const principal = principalFromClaims({ sub: 'u', 'cognito:groups': '[trainee]', name: '', email: '' });
    expect(principal).toEqual({ userId: 'u', roles: ['trainee'] });
    expect(principal && 'orgId' in principal).toBe(false);
  });

  it('has no roles when the groups claim is absent', () => {
    expect(principalFromClaims({ sub: 'u' })).toEqual({ userId: 'u', roles: [] });
  });

  it('is undefined without claims, without sub or with an empty sub', () => {
    expect(principalFromClaims(undefined)).toBeUndefined();
    expect(principalFromClaims({ 'cognito:groups': '[admin]' })).toBeUndefined();
    expect(principalFromClaims({ sub: '', 'cognito:groups': '[admin]' })).toBeUndefined();
  });
});

describe('principalFromClaims with configured claim names', () => {
  const claims = {
    uid: 'u-42',
    org_id: 'org_gx',
    display_name: '李四',
    mail: 'li@example.gov.cn',
  };

  it.each([
    ['a JSON array string', '["host","department"]'],
    ['a space-separated string', 'host department'],
    ['a comma-separated string', 'host,department'],
    ["API Gateway's flattened form", '[host department]'],
    ['a real array', ['host', 'department']],
  ])('maps every field from its configured claim, the roles as %s', (_, roles) => {
    expect(principalFromClaims({ ...claims, roles }, OIDC_NAMES)).toEqual({
      userId: 'u-42',
      roles: ['host', 'department'],
      orgId: 'org_gx',
      name: '李四',
      email: 'li@example.gov.cn',
    });
  });

  it("reads the configured claims only, not Cognito's", () => {
    const cognito = {
      sub: 'cognito-user',
      'cognito:groups': '[admin]',
      'custom:orgId': 'org_hrss',
      name: '王五',
      email: 'wang@example.gov.cn',
    };
    expect(principalFromClaims({ ...cognito, uid: 'u-1', roles: '[trainee]' }, OIDC_NAMES)).toEqual({
      userId: 'u-1',
      roles: ['trainee'],
    });
    expect(principalFromClaims(cognito, OIDC_NAMES)).toBeUndefined();
  });

  it('takes the names the configuration holds when none are given', () => {
    useConfig(loadConfig({ CLAIM_USER_ID: 'uid', CLAIM_ROLES: 'roles' }));
    expect(principalFromClaims({ uid: 'u-7', roles: '[assessor]', sub: 'other' })).toEqual({
      userId: 'u-7',
      roles: ['assessor'],
    });
  });

  it('looks a name up as written: a colon, slashes or dots are part of it, not a path', () => {
    const names = { ...OIDC_NAMES, roles: 'https://sso.example.gov.cn/roles', orgId: 'realm_access.org' };
    expect(
      principalFromClaims(
        {
          uid: 'u',
          'https://sso.example.gov.cn/roles': '[admin]',
          realm_access: '{"org":"org_nested"}',
        },
        names,
      ),
    ).toEqual({ userId: 'u', roles: ['admin'] });
  });

  it("reads a numeric user id as text, and never an object's inherited properties", () => {
    expect(principalFromClaims({ uid: 1024 }, OIDC_NAMES)).toEqual({ userId: '1024', roles: [] });
    const inherited = { ...OIDC_NAMES, userId: 'constructor', roles: 'toString' };
    expect(principalFromClaims({ uid: 'u' }, inherited)).toBeUndefined();
  });
});

describe('hasRole', () => {
  it('is true only for a role the principal holds', () => {
    const principal = principalFromClaims({ sub: 'u', 'cognito:groups': '[host]' });
    expect(hasRole(principal, 'host')).toBe(true);
    expect(hasRole(principal, 'admin')).toBe(false);
    expect(hasRole(undefined, 'admin')).toBe(false);
  });
});
