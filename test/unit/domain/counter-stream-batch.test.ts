/**
 * A batch of the registrations stream, as the counters aggregator applies it: records grouped by
 * counter item in stream order, what an item's watermark says it has taken in left out, old
 * watermarks let go.
 */
import { describe, expect, it } from 'vitest';
import { COUNTED_BY_STREAM, registrationCountChanges } from '#shared/domain/counters/registration-counts';
import {
  type CountedRecord,
  itemShares,
  pendingAfter,
  sequenceKey,
  staleWatermarks,
  summedDeltas,
  WATERMARK_RETENTION_SECONDS,
} from '#shared/domain/counters/stream-batch';

const registration = (hostOrgId: string, status: 'confirmed' | 'cancelled' = 'confirmed') => ({
  status,
  sessionId: 'ses_1',
  planId: 'pln_1',
  hostOrgId,
  year: 2026,
  creditHours: 8,
  countedBy: COUNTED_BY_STREAM,
});

const registered = (sequenceNumber: string, hostOrgId: string): CountedRecord => ({
  sequenceNumber,
  writtenAt: 1_800_000_000,
  changes: registrationCountChanges(undefined, registration(hostOrgId)),
});
const cancelled = (sequenceNumber: string, hostOrgId: string): CountedRecord => ({
  sequenceNumber,
  writtenAt: 1_800_000_060,
  changes: registrationCountChanges(registration(hostOrgId), registration(hostOrgId, 'cancelled')),
});

describe('sequenceKey', () => {
  it('compares as text the way the numbers compare, whatever their length', () => {
    expect(sequenceKey('999') < sequenceKey('1000')).toBe(true);
    expect(sequenceKey('4421584500000000017450439091') > sequenceKey('999999999999999999999')).toBe(true);
    expect(() => sequenceKey('12a')).toThrow(/sequence number/);
  });
});

describe('itemShares', () => {
  const batch = [cancelled('1000', 'org_a'), registered('999', 'org_a'), registered('1001', 'org_b')];
  const shares = itemShares(batch);

  it('gives each counter item its records in stream order', () => {
    const hostA = shares.find((share) => share.owner.id === 'org_a');
    expect(hostA?.records.map((record) => record.sequenceNumber)).toEqual(['999', '1000']);
    // The plan counts all three; the second host one.
    expect(shares.map((share) => [share.owner.id, share.records.length])).toEqual([
      ['pln_1', 3],
      ['org_a', 2],
      ['org_b', 1],
    ]);
  });

  it('leaves out what the watermark covers, and sums the rest', () => {
    const plan = shares.find((share) => share.owner.kind === 'plan');
    if (!plan) throw new Error('no plan share');
    expect(summedDeltas(plan.owner, plan.year, pendingAfter(plan, undefined))).toEqual({ confirmed: 1 });
    const rest = pendingAfter(plan, sequenceKey('999'));
    expect(rest.map((record) => record.sequenceNumber)).toEqual(['1000', '1001']);
    expect(summedDeltas(plan.owner, plan.year, rest)).toEqual({});
    expect(pendingAfter(plan, sequenceKey('1001'))).toEqual([]);
  });
});

describe('staleWatermarks', () => {
  it('lets go of shards heard from longer ago than the stream keeps records, with room to spare', () => {
    const newest = 1_800_000_000;
    expect(WATERMARK_RETENTION_SECONDS).toBeGreaterThan(24 * 60 * 60);
    expect(
      staleWatermarks(
        [
          { shardId: 'old', writtenAt: newest - WATERMARK_RETENTION_SECONDS - 1 },
          { shardId: 'recent', writtenAt: newest - 25 * 60 * 60 },
        ],
        newest,
      ),
    ).toEqual(['old']);
  });
});
