/**
 * Issue 21's opening day at small sizes, through the local system at DynamoDB's rules
 * (`DYNAMODB_RULES=cloud`, bench/opening-day.ts, the same harness `npm run bench` runs at the
 * issue's sizes): a hot capped session answers every registrant 201, confirmed up to its seats and
 * waitlisted in distinct places after; registrations to uncapped sessions of one host share no
 * item across sessions (each writes its registration only); and the yearly counters and those
 * sessions' seats taken come to equal a recount of the registrations.
 * Throughput is the benchmark's to report, not a test's to assert.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpeningDayResult, openingDay } from '../../bench/opening-day';

const SMALL = {
  hot: { registrants: 120, capacity: 12 },
  spread: { registrants: 120, sessions: 4 },
  counterTimeoutMs: 30_000,
};

let result: OpeningDayResult;

// Generous: a loaded two-core machine seeds, bursts and measures the bare side in one go.
beforeAll(async () => {
  result = await openingDay(SMALL);
}, 600_000);

describe('opening day at DynamoDB rules', () => {
  it('answers every registrant of a hot session 201: its seats confirmed, the rest in distinct places', () => {
    const { hot } = result;
    expect(hot.failures).toEqual({});
    expect(hot.statuses).toEqual({ 201: SMALL.hot.registrants });
    expect(hot.confirmed).toBe(SMALL.hot.capacity);
    expect(hot.waitlisted).toBe(SMALL.hot.registrants - SMALL.hot.capacity);
    expect(hot.placesDistinct).toBe(true);
    expect(hot.placesInOrder).toBe(true);
  });

  it('answers every registrant of uncapped sessions 201, and no item is written for two sessions', () => {
    const { spread } = result;
    expect(spread.failures).toEqual({});
    expect(spread.confirmed).toBe(SMALL.spread.registrants);
    // One write each, the registration: the sessions' seats are the aggregator's to count.
    expect(spread.writesLogged).toBe(SMALL.spread.registrants);
    expect(spread.sharedItems).toEqual([]);
  });

  it("brings the yearly counters and the sessions' seats to the recount of the registrations", () => {
    expect(result.counters.rows.map((row) => row.recounted)).toEqual([
      SMALL.hot.capacity,
      SMALL.hot.capacity,
      result.spread.confirmed,
      result.spread.confirmed,
      result.spread.confirmed,
    ]);
    expect(result.counters.rows.filter((row) => row.counted !== row.recounted)).toEqual([]);
    expect(result.counters.agreed).toBe(true);
  });
});
