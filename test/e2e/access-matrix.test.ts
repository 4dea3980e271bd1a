/**
 * The access matrix, generated from the route table: every cloud route called by every kind of
 * caller (no token, an expired token, a token signed by another key, a token whose role claim
 * was edited after signing, and each role with a valid token) answers what the table allows.
 * A route added to the table is covered without touching this file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#infra/local/tokens';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { ROLES, type Role } from '#shared/domain/roles';
import { CLOUD_ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const BAD_TOKENS = ['no token', 'expired token', 'token signed by another key', 'role claim forged'] as const;
type BadToken = (typeof BAD_TOKENS)[number];
type Caller = BadToken | Role;
const CALLERS: readonly Caller[] = [...BAD_TOKENS, ...ROLES];

/** Placeholders for every path parameter the table uses; a new one must be added here. */
const PLACEHOLDERS: Record<string, string> = {
  orgId: 'org_nonexistent',
  planId: 'plan_nonexistent',
  sessionId: 'session_nonexistent',
  registrationId: 'registration_nonexistent',
  year: '2026',
  number: formatCertificateNumber({ year: 2026, type: 'completion', sequence: 999_999 }),
};

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const CONCURRENCY = 8;

function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = PLACEHOLDERS[name];
    if (value === undefined) throw new Error(`No placeholder for the path parameter {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

const callerAllowed = (route: RouteDef, role: Role) =>
  route.access === 'signed-in' || (route.access !== 'public' && route.access.includes(role));

let system: LocalSystem;
const answers = new Map<string, ApiResponse>();
const caseKey = (route: RouteDef, caller: Caller) => `${routeKey(route)} as ${caller}`;

/** The local signing key, read from the running system's DATA_DIR as tokens.ts stores it. */
async function localKey() {
  const file = join(system.dataDir, 'keys', 'local-jwt-es256.json');
  const { kid, privateJwk } = JSON.parse(readFileSync(file, 'utf8')) as { kid: string; privateJwk: JWK };
  return { kid, privateKey: await importJWK(privateJwk, 'ES256') };
}

const adminClaims = (sub: string) =>
  new SignJWT({ token_use: 'id', 'cognito:groups': ['admin'], 'custom:orgId': 'org_hrss' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE);

async function badTokens(anonymous: ApiClient): Promise<Record<BadToken, ApiClient>> {
  const local = await localKey();
  const now = Math.floor(Date.now() / 1000);
  // Right key, right issuer and audience, right role: only the expiry is wrong.
  const expired = await adminClaims('admin-expired')
    .setProtectedHeader({ alg: 'ES256', kid: local.kid, typ: 'JWT' })
    .setIssuedAt(now - 2 * 3600)
    .setExpirationTime(now - 3600)
    .sign(local.privateKey);
  // Everything right but the key, which even claims the local key's id.
  const { privateKey: otherKey } = await generateKeyPair('ES256');
  const foreign = await adminClaims('admin-foreign')
    .setProtectedHeader({ alg: 'ES256', kid: local.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(otherKey);
  // A real trainee token whose payload is edited to claim admin, the signature kept.
  const trainee = await anonymous.post<{ token: string }>('/local/tokens', {
    sub: 'trainee-forger',
    role: 'trainee',
  });
  const [header, payload, signature] = trainee.body.token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forgedPayload = Buffer.from(
    JSON.stringify({ ...claims, 'cognito:groups': ['admin'], 'custom:orgId': 'org_hrss' }),
  ).toString('base64url');
  return {
    'no token': anonymous,
    'expired token': anonymous.withToken(expired),
    'token signed by another key': anonymous.withToken(foreign),
    'role claim forged': anonymous.withToken([header, forgedPayload, signature].join('.')),
  };
}

/**
 * A city bureau reads through its registered organization (its city comes from there), so the
 * city caller names a real one: the matrix then checks the gate, not a misconfigured sign-in.
 */
async function cityBureauId(anonymous: ApiClient): Promise<string> {
  const admin = await anonymous.as('matrix-admin-setup', 'admin', 'org_hrss');
  const bureau = await admin.post('/organizations', {
    name: '南宁市人力资源和社会保障局',
    kind: 'city-bureau',
    city: '南宁市',
  });
  if (bureau.status !== 201) throw new Error(`Could not register a city bureau: ${describeAnswer(bureau)}`);
  return bureau.body.id as string;
}

async function roleClients(anonymous: ApiClient): Promise<Record<Role, ApiClient>> {
  const orgIds: Partial<Record<Role, string>> = { city: await cityBureauId(anonymous) };
  const entries = await Promise.all(
    ROLES.map(
      async (role) =>
        [
          role,
          await anonymous.as(
            `matrix-${role}`,
            role,
            role === 'trainee' ? undefined : (orgIds[role] ?? `org_matrix_${role}`),
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Role, ApiClient>;
}

/** Runs `tasks` with at most `limit` in flight. */
async function inPool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

beforeAll(async () => {
  system = await startLocalSystem();
  const anonymous = new ApiClient(system.baseUrl);
  const clients: Record<Caller, ApiClient> = {
    ...(await badTokens(anonymous)),
    ...(await roleClients(anonymous)),
  };
  const tasks = CLOUD_ROUTES.flatMap((route) =>
    CALLERS.map((caller) => async () => {
      const client = clients[caller];
      const answer = await client.request(route.method, concretePath(route.path), {
        ...(METHODS_WITH_BODY.has(route.method) ? { body: {} } : {}),
      });
      answers.set(caseKey(route, caller), answer);
    }),
  );
  await inPool(tasks, CONCURRENCY);
});

afterAll(async () => {
  await system?.stop();
});

function expectErrorShape(answer: ApiResponse, code: string) {
  expect(answer.headers.get('content-type')).toContain('application/json');
  expect(answer.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
  });
}

function describeAnswer(answer: ApiResponse): string {
  return `${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`;
}

it('has a placeholder for every path parameter and at least one cloud route per access kind', () => {
  for (const route of CLOUD_ROUTES) expect(() => concretePath(route.path)).not.toThrow();
  expect(CLOUD_ROUTES.some((route) => route.access === 'public')).toBe(true);
  expect(CLOUD_ROUTES.some((route) => route.access === 'signed-in')).toBe(true);
  expect(CLOUD_ROUTES.some((route) => Array.isArray(route.access))).toBe(true);
});

describe.each(CLOUD_ROUTES.map((route) => ({ route, name: routeKey(route) })))('$name', ({ route }) => {
  const access = route.access;
  if (access === 'public') {
    // A token, good or bad, changes nothing on a public route: every caller gets the same answer.
    it('answers every caller alike', () => {
      const callersByAnswer = new Map<string, Caller[]>();
      for (const caller of CALLERS) {
        const answer = answers.get(caseKey(route, caller));
        const seen = `${answer?.status} ${JSON.stringify(answer?.body)}`;
        callersByAnswer.set(seen, [...(callersByAnswer.get(seen) ?? []), caller]);
      }
      const summary = [...callersByAnswer].map(
        ([seen, callers]) =>
          `${callers.join(', ')} got ${seen.length > 400 ? `${seen.slice(0, 400)}…` : seen}`,
      );
      expect(callersByAnswer.size, `${callersByAnswer.size} different answers:\n${summary.join('\n')}`).toBe(
        1,
      );
    });
  }
  it.each(CALLERS.map((caller) => ({ caller })))('as $caller', ({ caller }) => {
    const answer = answers.get(caseKey(route, caller));
    if (!answer) throw new Error(`No answer recorded for ${caseKey(route, caller)}`);
    const seen = describeAnswer(answer);
    expect(answer.status, `never a fault: ${seen}`).toBeLessThan(500);

    if (access === 'public') {
      expect([401, 403], `a public route lets everyone in: ${seen}`).not.toContain(answer.status);
      return;
    }
    if ((BAD_TOKENS as readonly string[]).includes(caller)) {
      expect(answer.status, `a bad token is refused: ${seen}`).toBe(401);
      expectErrorShape(answer, 'UNAUTHORIZED');
      return;
    }
    if (callerAllowed(route, caller as Role)) {
      expect([401, 403], `an allowed role gets past the gate: ${seen}`).not.toContain(answer.status);
      if (answer.status >= 400) expect(answer.body?.error?.code, seen).toEqual(expect.any(String));
    } else {
      expect(answer.status, `a role not in ${JSON.stringify(access)} is forbidden: ${seen}`).toBe(403);
      expectErrorShape(answer, 'FORBIDDEN');
    }
  });
});

// A city bureau supervises and changes nothing: every write that is not public refuses it, and
// the table keeps it so (no write route lists the role or lets every signed-in caller in).
it('refuses a city bureau every write', () => {
  const writes = CLOUD_ROUTES.filter((route) => route.method !== 'GET' && route.access !== 'public');
  expect(writes.length).toBeGreaterThan(0);
  for (const route of writes) {
    expect(route.access, routeKey(route)).not.toBe('signed-in');
    expect(route.access, routeKey(route)).not.toContain('city');
    const answer = answers.get(caseKey(route, 'city'));
    expect(answer?.status, `${routeKey(route)}: ${answer && describeAnswer(answer)}`).toBe(403);
  }
});

// Found by the matrix above, whose allowed calls to the report routes run side by side: a
// compilation rewrites the stored report while a reader of the same year parses it.
it('never answers 500 to a report reader while the same year is being compiled', async () => {
  const admin = await new ApiClient(system.baseUrl).as('matrix-admin-race', 'admin', 'org_hrss');
  const calls = Array.from({ length: 48 }, async (_, n) => {
    const [method, path] = n % 2 === 0 ? ['POST', '/reports/2026/compile'] : ['GET', '/reports/2026'];
    const answer = await admin.request(method, path);
    return `${method} ${path}: ${describeAnswer(answer)}`;
  });
  const faults = (await Promise.all(calls)).filter((line) => / 5\d\d /.test(line));
  expect(faults).toEqual([]);
});
