import { describe, expect, it } from 'vitest';
import { hasRole, parseGroups, principalFromClaims } from '#shared/http/principal';

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

describe('hasRole', () => {
  it('is true only for a role the principal holds', () => {
    const principal = principalFromClaims({ sub: 'u', 'cognito:groups': '[host]' });
    expect(hasRole(principal, 'host')).toBe(true);
    expect(hasRole(principal, 'admin')).toBe(false);
    expect(hasRole(undefined, 'admin')).toBe(false);
  });
});
