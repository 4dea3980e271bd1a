import { describe, expect, it } from 'vitest';
import { handler } from '#functions/organizations/handler';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_TTL_SECONDS,
  releaseIdempotencyKey,
} from '#shared/store/idempotency';
import { listOrganizations } from '#shared/store/organizations';
import { claimsFor, httpEvent, lambdaContext } from '../support/http-event';

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

describe('idempotency records in DynamoDB Local', () => {
  it('lets exactly one of ten concurrent claims win', async () => {
    const key = unique();
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => claimIdempotencyKey('user#op', key, 'hash', new Date())),
    );
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.outcome === 'in-progress')).toHaveLength(9);
  });

  it('returns the stored answer once completed, and frees the key when released', async () => {
    const key = unique();
    await claimIdempotencyKey('user#op', key, 'hash', new Date());
    await completeIdempotencyKey('user#op', key, { statusCode: 201, body: '{"id":"x"}' });
    expect(await claimIdempotencyKey('user#op', key, 'hash', new Date())).toEqual({
      outcome: 'completed',
      bodyHash: 'hash',
      response: { statusCode: 201, body: '{"id":"x"}' },
    });
    await releaseIdempotencyKey('user#op', key);
    expect((await claimIdempotencyKey('user#op', key, 'hash', new Date())).outcome).toBe('claimed');
  });

  it('treats a record past its 24 h expiry as absent', async () => {
    const key = unique();
    const then = new Date('2026-01-01T00:00:00Z');
    await claimIdempotencyKey('user#op', key, 'hash', then);
    const later = new Date(then.getTime() + (IDEMPOTENCY_TTL_SECONDS + 1) * 1000);
    expect((await claimIdempotencyKey('user#op', key, 'other', later)).outcome).toBe('claimed');
  });
});

describe('POST /organizations with an Idempotency-Key', () => {
  const create = (key: string, name: string) =>
    handler(
      httpEvent({
        routeKey: 'POST /organizations',
        headers: { 'idempotency-key': key },
        body: JSON.stringify({ name, kind: 'host', city: '钦州' }),
        claims: claimsFor('admin', 'admin-idem'),
      }),
      lambdaContext(),
    );

  it('creates one organization for ten concurrent replays, all answered alike', async () => {
    const key = unique();
    const name = `Idempotent host ${key}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => create(key, name)));
    expect(results.map((result) => result.statusCode)).toEqual(Array(10).fill(201));
    const ids = new Set(results.map((result) => JSON.parse(result.body ?? '{}').id));
    expect(ids.size).toBe(1);

    const hosts = [];
    let cursor: string | undefined;
    do {
      const page = await listOrganizations({ kind: 'host', limit: 200, cursor });
      hosts.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(hosts.filter((org) => org.name === name)).toHaveLength(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    const key = unique();
    expect((await create(key, 'First body')).statusCode).toBe(201);
    const reused = await create(key, 'Second body');
    expect(reused.statusCode).toBe(422);
    expect(JSON.parse(reused.body ?? '{}').error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('an abandoned claim', () => {
  it('is taken over once its lease has run out, not held for 24 h', async () => {
    const { IDEMPOTENCY_LEASE_SECONDS } = await import('#shared/store/idempotency');
    const key = unique();
    const then = new Date('2026-03-01T00:00:00Z');
    await claimIdempotencyKey('user#op', key, 'hash', then);
    const during = new Date(then.getTime() + (IDEMPOTENCY_LEASE_SECONDS - 1) * 1000);
    expect((await claimIdempotencyKey('user#op', key, 'hash', during)).outcome).toBe('in-progress');
    const after = new Date(then.getTime() + (IDEMPOTENCY_LEASE_SECONDS + 1) * 1000);
    expect((await claimIdempotencyKey('user#op', key, 'hash', after)).outcome).toBe('claimed');
  });

  it('lasts the lease it was claimed for, and tells a replay when that runs out', async () => {
    const key = unique();
    const then = new Date('2026-03-02T00:00:00Z');
    const thenSeconds = then.getTime() / 1000;
    await claimIdempotencyKey('user#op', key, 'hash', then, 31);
    const during = new Date(then.getTime() + 30_000);
    expect(await claimIdempotencyKey('user#op', key, 'hash', during)).toEqual({
      outcome: 'in-progress',
      bodyHash: 'hash',
      leaseUntil: thenSeconds + 31,
    });
    const after = new Date(then.getTime() + 32_000);
    expect((await claimIdempotencyKey('user#op', key, 'hash', after)).outcome).toBe('claimed');
  });
});
