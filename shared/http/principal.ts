/**
 * Who is calling, read from the JWT claims the HTTP API authorizer (or the local server, which
 * hands them over in the same form) puts in `requestContext.authorizer.jwt.claims`.
 */
import { isRole, type Role } from '#shared/domain/roles';

export interface Principal {
  userId: string;
  /** Every recognised role in `cognito:groups`; routes allow a caller holding any listed role. */
  roles: Role[];
  orgId?: string;
  name?: string;
  email?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * `cognito:groups` reaches a Lambda flattened to a string such as `"[admin host]"`; tests and
 * other authorizers may send a JSON array string or a real array. All mean the same groups.
 */
export function parseGroups(value: Claims[string]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: fall through to the flattened form
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

const optionalString = (value: Claims[string]) =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** The principal of a request, or undefined when it carries no claims (public routes). */
export function principalFromClaims(claims: Claims | undefined): Principal | undefined {
  const userId = optionalString(claims?.sub);
  if (!claims || !userId) return undefined;
  const roles = parseGroups(claims['cognito:groups']).filter(isRole);
  const principal: Principal = { userId, roles };
  const orgId = optionalString(claims['custom:orgId']);
  const name = optionalString(claims.name);
  const email = optionalString(claims.email);
  if (orgId) principal.orgId = orgId;
  if (name) principal.name = name;
  if (email) principal.email = email;
  return principal;
}

export const hasRole = (principal: Principal | undefined, role: Role) =>
  principal?.roles.includes(role) ?? false;
