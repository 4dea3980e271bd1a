/**
 * What the local system exposes to the rest of the machine, checked on the real thing: the socket
 * table says where DynamoDB Local and the API listen, the file system says who may read DATA_DIR,
 * and the running server says which tokens it takes.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#infra/local/tokens';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

interface Listener {
  address: string;
  port: number;
}

/** One IPv4 address as /proc/net/tcp writes it: a 32-bit word in host (little-endian) order. */
const ipv4 = (hex: string) =>
  (hex.match(/../g) ?? [])
    .map((byte) => Number.parseInt(byte, 16))
    .reverse()
    .join('.');

/** One IPv6 address as /proc/net/tcp6 writes it: four 32-bit words, each in host order. */
function ipv6(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse());
  if (bytes.every((byte) => byte === '00')) return '::';
  if (bytes.slice(0, 10).every((byte) => byte === '00') && bytes[10] === 'FF' && bytes[11] === 'FF') {
    return `::ffff:${ipv4(bytes.slice(12).reverse().join(''))}`;
  }
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push(`${bytes[at]}${bytes[at + 1]}`.toLowerCase());
  return groups.join(':');
}

/** Every listening TCP socket of the machine, from the kernel's own table (what `ss -ltn` reads). */
function listeners(): Listener[] {
  const table = (file: string, address: (hex: string) => string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Column 3 is the state; 0A is LISTEN.
      .filter((columns) => columns[3] === '0A')
      .map((columns) => {
        const [hexAddress = '', hexPort = ''] = (columns[1] ?? '').split(':');
        return { address: address(hexAddress), port: Number.parseInt(hexPort, 16) };
      });
  return [...table('/proc/net/tcp', ipv4), ...table('/proc/net/tcp6', ipv6)];
}

const addressesOn = (port: number) =>
  listeners()
    .filter((listener) => listener.port === port)
    .map((listener) => listener.address);

/** Every folder and file under `root` (itself included), with its permission bits. */
function modes(root: string): { path: string; kind: 'folder' | 'file'; mode: number }[] {
  const stats = lstatSync(root);
  const entry = {
    path: root,
    kind: stats.isDirectory() ? 'folder' : 'file',
    mode: stats.mode & 0o777,
  } as const;
  if (!stats.isDirectory()) return [entry];
  return [entry, ...readdirSync(root).flatMap((name) => modes(join(root, name)))];
}

/**
 * A DATA_DIR as an earlier version left it: folders 0755 and files 0644, DynamoDB Local's file
 * among them (empty: SQLite takes an empty file for an empty database).
 */
function earlierDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'gx-hardening-'));
  const files = {
    'dynamodb/shared-local-instance.db': '',
    'outbox/2026-01-05T01-00-00-000Z-00000000-0123456789ab.eml': 'Subject: earlier mail\r\n\r\nhello\r\n',
    'reports/2026/roster.csv': 'name\n',
  };
  for (const [path, content] of Object.entries(files)) {
    const file = join(dataDir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    chmodSync(file, 0o644);
  }
  for (const folder of ['', 'dynamodb', 'keys', 'outbox', 'reports', 'reports/2026']) {
    mkdirSync(join(dataDir, folder), { recursive: true });
    chmodSync(join(dataDir, folder), 0o755);
  }
  return dataDir;
}

/** The Umask line of /proc/<pid>/status: the mask every file the process creates is made with. */
const umaskOf = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Umask:\s*(\d+)$/m)?.[1];

/** The Java child of the local system (DynamoDB Local). */
function javaChild(pid: number): number {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
  const java = children.find((child) => readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'java');
  if (java === undefined)
    throw new Error(`No java child of process ${pid} (children: ${children.join(', ')})`);
  return java;
}

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem({ dataDir: earlierDataDir() });
});

afterAll(async () => {
  await system?.stop();
});

describe('the local system on the network', () => {
  it('has DynamoDB Local listen on 127.0.0.1 only, as the API does', () => {
    // The kernel's table, not the configuration: a listener on 0.0.0.0 or :: would show here.
    expect(addressesOn(system.dynamoPort)).toEqual(['127.0.0.1']);
    expect(addressesOn(system.port)).toEqual(['127.0.0.1']);
  });

  it('parses the socket table it relies on (a wildcard listener reads as 0.0.0.0 or ::)', () => {
    expect(ipv4('0100007F')).toBe('127.0.0.1');
    expect(ipv4('00000000')).toBe('0.0.0.0');
    expect(ipv6('00000000000000000000000000000000')).toBe('::');
    expect(ipv6('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(ipv6('00000000000000000000000001000000')).toBe('0000:0000:0000:0000:0000:0000:0000:0001');
  });
});

describe('DATA_DIR', () => {
  it("is its owner's alone, what an earlier version left open tightened on start: folders 0700, files 0600", () => {
    const entries = modes(system.dataDir).map(({ path, kind, mode }) => ({
      path: relative(system.dataDir, path) || '.',
      kind,
      mode: `0${mode.toString(8)}`,
    }));
    const paths = entries.map((entry) => entry.path);
    // What was there before, and what this start made: the lock, the local key, DynamoDB's file.
    expect(paths).toEqual(
      expect.arrayContaining([
        '.',
        '.lock',
        'dynamodb',
        'dynamodb/shared-local-instance.db',
        'keys',
        'keys/local-jwt-es256.json',
        'outbox',
        'outbox/2026-01-05T01-00-00-000Z-00000000-0123456789ab.eml',
        'reports',
        'reports/2026',
        'reports/2026/roster.csv',
      ]),
    );
    // DynamoDB Local really wrote its tables into the file that was empty.
    expect(lstatSync(join(system.dataDir, 'dynamodb/shared-local-instance.db')).size).toBeGreaterThan(0);
    expect(entries).toEqual(
      entries.map((entry) => ({ ...entry, mode: entry.kind === 'folder' ? '0700' : '0600' })),
    );
  });

  it('keeps making owner-only files: the server and DynamoDB Local both run with umask 077', () => {
    const pid = system.process.pid as number;
    expect(umaskOf(pid)).toBe('0077');
    expect(umaskOf(javaChild(pid))).toBe('0077');
  });
});

describe('sign-in tokens', () => {
  /** The local signing key, read from DATA_DIR as tokens.ts stores it. */
  async function localKey() {
    const file = join(system.dataDir, 'keys', 'local-jwt-es256.json');
    const { kid, privateJwk } = JSON.parse(readFileSync(file, 'utf8')) as { kid: string; privateJwk: JWK };
    return { kid, privateKey: await importJWK(privateJwk, 'ES256') };
  }

  /** An admin token signed by the local key; `kid` and `expiry` vary. */
  async function adminToken(options: { kid: string | undefined; expiry: string | undefined }) {
    const { privateKey } = await localKey();
    const jwt = new SignJWT({ token_use: 'id', 'cognito:groups': ['admin'], 'custom:orgId': 'org_hrss' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
      .setSubject('admin-hardening')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt();
    return (options.expiry ? jwt.setExpirationTime(options.expiry) : jwt).sign(privateKey);
  }

  const listOrganizations = (token: string) => new ApiClient(system.baseUrl, token).get('/organizations');

  it('mints tokens with a kid and an exp, and takes them', async () => {
    const minted = await new ApiClient(system.baseUrl).post('/local/tokens', {
      sub: 'admin-1',
      role: 'admin',
    });
    expect(minted.status).toBe(201);
    const token: string = minted.body.token;
    expect(decodeProtectedHeader(token).kid).toBe((await localKey()).kid);
    expect(decodeJwt(token).exp).toBeGreaterThan(Date.now() / 1000);
    expect((await listOrganizations(token)).status).toBe(200);
  });

  it('takes a token signed with the local key that has both', async () => {
    const token = await adminToken({ kid: (await localKey()).kid, expiry: '1h' });
    expect((await listOrganizations(token)).status).toBe(200);
  });

  it('refuses with 401 a token signed with the local key that has no exp', async () => {
    const token = await adminToken({ kid: (await localKey()).kid, expiry: undefined });
    expect(decodeJwt(token)).not.toHaveProperty('exp');
    const answer = await listOrganizations(token);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses with 401 a token signed with the local key that has no kid', async () => {
    const token = await adminToken({ kid: undefined, expiry: '1h' });
    expect(decodeProtectedHeader(token)).not.toHaveProperty('kid');
    const answer = await listOrganizations(token);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses with 401 a token signed with the local key under a kid it does not have', async () => {
    const token = await adminToken({ kid: 'local-no-such-key', expiry: '1h' });
    expect((await listOrganizations(token)).status).toBe(401);
  });
});
