/**
 * Who is calling, read from the JWT claims the HTTP API authorizer (or the local server, which
 * hands them over in the same form) puts in `requestContext.authorizer.jwt.claims`.
 *
 * Which claims carry the user id, roles, organization, name and e-mail is configuration
 * (`CLAIM_*`, shared/config/env.ts): Cognito's names by default, any OpenID Connect provider's
 * otherwise. A name is that of a top-level claim, looked up as written (so `cognito:groups` or
 * `https://sso.example.gov.cn/roles` work as they are). Nested claims such as Keycloak's
 * `realm_access.roles` are not followed: the HTTP API hands a nested object to the Lambda as a
 * string in a form AWS does not document (not JSON), so a path into it could pass locally and
 * fail in the cloud. Have the provider put the roles in a top-level claim instead (docs/oidc-sign-in.md).
 */
import { type ClaimNames, config } from '#shared/config/env';
import { isRole, type Role } from '#shared/domain/roles';

export interface Principal {
  userId: string;
  /** Every recognised role in the roles claim; routes allow a caller holding any listed role. */
  roles: Role[];
  orgId?: string;
  name?: string;
  email?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * A list claim (the roles) as its items. The HTTP API flattens an array to a string such as
 * `"[admin host]"`; providers may also send a space- or comma-separated string (`"admin host"`,
 * `"admin,host"`), and tests a JSON array string or a real array. All mean the same roles.
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

/** The claim's value as text, when it is some; the HTTP API hands every claim over as a string. */
function claimText(value: Claims[string]): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The principal of a request, or undefined when it carries no claims (public routes) or no user
 * id. `names` are the configured claim names (`CLAIM_*`), Cognito's unless set.
 */
export function principalFromClaims(
  claims: Claims | undefined,
  names: ClaimNames = config().claimNames,
): Principal | undefined {
  if (!claims) return undefined;
  // Own properties only: a claim named `constructor` or `__proto__` is a claim, not a lookup.
  const claim = (name: string) => (Object.hasOwn(claims, name) ? claims[name] : undefined);
  const userId = claimText(claim(names.userId));
  if (!userId) return undefined;
  const roles = parseGroups(claim(names.roles)).filter(isRole);
  const principal: Principal = { userId, roles };
  const orgId = claimText(claim(names.orgId));
  const name = claimText(claim(names.name));
  const email = claimText(claim(names.email));
  if (orgId) principal.orgId = orgId;
  if (name) principal.name = name;
  if (email) principal.email = email;
  return principal;
}

export const hasRole = (principal: Principal | undefined, role: Role) =>
  principal?.roles.includes(role) ?? false;
