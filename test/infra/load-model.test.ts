/**
 * The load model on paper (infra/cost/opening-day.ts): DynamoDB's size and unit rules, what the
 * model says about shared items, that its routes and throttles are the deployed ones, and that
 * docs/load-model.md shows the model's figures (`npm run load-model` prints them to paste).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLIC_THROTTLE, THROTTLE } from '#infra/cloud/api-routes';
import { itemBytes, readUnits, valueBytes, writeUnits } from '#infra/cost/item-size';
import { loadModelTables } from '#infra/cost/load-model-tables';
import {
  AGGREGATOR_BATCH_WRITES,
  AGGREGATOR_WINDOW_SECONDS,
  aggregatorAt,
  HOT_SEMINAR_RATE,
  hotWriteUnits,
  ITEMS,
  PARTITION_WRITE_UNITS,
  PATHS,
  PUBLIC_ROUTE_THROTTLE,
  pathWriteUnits,
  peakRates,
  publicCourseCeiling,
  REGISTRANT_REQUESTS,
  ROUTE_THROTTLE,
  SCENARIOS,
  sessionCeiling,
} from '#infra/cost/opening-day';
import { ROUTES } from '#shared/routes';
import { COUNTS_BATCH_SIZE } from '#shared/store/registration-filter';

describe('item sizes, as DynamoDB counts them', () => {
  it('a string is its name and its UTF-8 bytes: a Chinese character is three', () => {
    expect(itemBytes({ title: '公需科目' })).toBe(5 + 12);
    expect(itemBytes({ city: 'Nanning' })).toBe(4 + 7);
  });

  it('a number is about one byte per two significant digits, plus one; zeros at either end trimmed', () => {
    expect(valueBytes(12_345)).toBe(4);
    expect(valueBytes(80_000)).toBe(2);
    expect(valueBytes(0.5)).toBe(2);
    expect(valueBytes(1_803_086_400)).toBe(5);
  });

  it('null and booleans are one byte; lists and maps three, and one more per element', () => {
    expect(itemBytes({ capacity: null, ok: true })).toBe(8 + 1 + 2 + 1);
    expect(itemBytes({ l: ['a', 'bc'] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
    expect(itemBytes({ m: { a: 'b' } })).toBe(1 + 3 + (1 + 1 + 1));
  });

  it('a string set is its elements; an undefined attribute is not written', () => {
    expect(itemBytes({ s: new Set(['ab', 'c']), gone: undefined })).toBe(1 + 3);
  });

  it('writes take a unit a KB, two in a transaction; reads a unit per 4 KB, half when eventual', () => {
    expect([writeUnits(1024), writeUnits(1025), writeUnits(1024, true), writeUnits(1025, true)]).toEqual([
      1, 2, 2, 4,
    ]);
    expect([readUnits(4096, 'strong'), readUnits(4097, 'strong'), readUnits(4096, 'eventual')]).toEqual([
      1, 2, 0.5,
    ]);
    expect(readUnits(4096, 'transactional')).toBe(2);
  });
});

describe('the opening day model', () => {
  it('the expected opening day is 80,000 registrations, 40 a second at the peak', () => {
    const expected = peakRates(SCENARIOS.expected);
    expect(expected.day).toBe(80_000);
    expect(expected.peakSecond).toBeCloseTo(40);
  });

  it('before issue 21 a registration transaction held the session and both yearly counters', () => {
    const shared = PATHS.before
      .filter((write) => write.transactional && write.hot)
      .flatMap((write) => write.hot);
    expect(shared).toEqual(expect.arrayContaining(['session', 'plan counters', 'host counters']));
    expect(hotWriteUnits('before', 'host counters')).toBe(2);
  });

  it('now no registration writes a counter item, and none runs a transaction', () => {
    for (const path of ['publicCourse', 'cappedSeat', 'cappedWaitlisted'] as const) {
      const touched = PATHS[path].flatMap((write) => write.hot ?? []);
      expect(touched).not.toContain('plan counters');
      expect(touched).not.toContain('host counters');
      expect(
        PATHS[path].filter((write) => write.transactional || write.operation === 'TransactWriteItems'),
      ).toEqual([]);
    }
    expect(pathWriteUnits('publicCourse')).toBeLessThan(pathWriteUnits('before'));
  });

  it("the public course's registrations write no item another registrant writes: the session is the aggregator's", () => {
    // The trainee's own registration and idempotency record; the one key shared is the roster's
    // index partition, which is an index entry, not an item.
    const shared = PATHS.publicCourse.flatMap((write) => write.hot ?? []);
    expect(shared).toEqual(['roster']);
    expect(PATHS.publicCourse.filter((write) => write.table === 'plans')).toEqual([]);
    expect(hotWriteUnits('publicCourse', 'session')).toBe(0);
    expect(AGGREGATOR_BATCH_WRITES.filter((write) => write.hot === 'session')).toHaveLength(1);
    // What bounds it now, the roster's writes and the session item's reads, is over the stress peak.
    const { roster, sessionReads } = publicCourseCeiling();
    expect(Math.min(roster, sessionReads)).toBeGreaterThan(peakRates(SCENARIOS.stress).peakSecond);
  });

  it('a capped session is written once a registrant: its ceiling is the item over that one write, above the hot seminar', () => {
    for (const [path, session] of [
      ['cappedSeat', ITEMS.cappedSessionSeating],
      ['cappedWaitlisted', ITEMS.cappedSession],
    ] as const) {
      expect(PATHS[path].filter((write) => write.hot?.includes('session'))).toHaveLength(1);
      expect(hotWriteUnits(path, 'session')).toBe(writeUnits(session));
      expect(sessionCeiling(path)).toBe(PARTITION_WRITE_UNITS / writeUnits(session));
      // Fails when the claim marks on the item outgrow what the hot seminar's rate allows.
      expect(sessionCeiling(path)).toBeGreaterThanOrEqual(HOT_SEMINAR_RATE);
    }
  });

  it('the aggregator fills its batches with the window, never past the batch size the event source is given', () => {
    const stress = aggregatorAt(peakRates(SCENARIOS.stress).peakSecond);
    expect(AGGREGATOR_WINDOW_SECONDS).toBe(2);
    expect(stress.recordsPerBatch).toBeGreaterThan(1);
    expect(stress.recordsPerBatch).toBeLessThanOrEqual(COUNTS_BATCH_SIZE);
    expect(aggregatorAt(100_000).recordsPerBatch).toBe(COUNTS_BATCH_SIZE);
    expect(aggregatorAt(0.1).recordsPerBatch).toBe(1);
  });

  it("a registrant's requests are routes of the route table, served by the functions named", () => {
    for (const request of REGISTRANT_REQUESTS) {
      const route = ROUTES.find(
        (candidate) => candidate.method === request.method && candidate.path === request.path,
      );
      expect(route, `${request.method} ${request.path}`).toBeDefined();
      expect(route?.function).toBe(request.fn);
      expect(route?.access === 'public').toBe(request.public);
    }
  });

  it('the throttles are those the stage is deployed with', () => {
    expect(ROUTE_THROTTLE).toEqual(THROTTLE);
    expect(PUBLIC_ROUTE_THROTTLE).toEqual(PUBLIC_THROTTLE);
  });
});

/**
 * A markdown table's rows with their cells trimmed, as Biome's formatter pads them or not: the
 * document is formatted, the model's tables are not.
 */
const cells = (markdown: string) =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim().replace(/^-+$/, '---'))
        .join('|'),
    )
    .join('\n');

describe('docs/load-model.md', () => {
  const doc = cells(readFileSync('docs/load-model.md', 'utf8'));

  it.each(Object.entries(loadModelTables()))(
    'shows the model\'s "%s" table (npm run load-model)',
    (_, table) => {
      expect(doc).toContain(cells(table));
    },
  );
});
