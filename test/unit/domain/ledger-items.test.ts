/**
 * A trainee's ledger as they read it: one item per stored entry (reversals included), oldest first,
 * a revoked pass and its reversal both marked, and the hours adding up to the year's credits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revoked } from '#shared/domain/certificates/certificate';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { reversingEntry } from '#shared/domain/certificates/revocation';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { SUBJECT_TYPES } from '#shared/domain/sessions/kinds';
import { DEFAULT_CREDIT_REQUIREMENT, summarizeCredits } from '#shared/domain/trainees/ledger';
import {
  entriesAfter,
  inLedgerOrder,
  type LedgerLookups,
  ledgerItemOf,
  passesOf,
  positionOf,
  reversedRegistrations,
  unnamedEntries,
} from '#shared/domain/trainees/ledger-items';
import { type LedgerEntry, LedgerItem } from '#shared/domain/trainees/schemas';

const numberOf = (sequence: number) => formatCertificateNumber({ year: 2026, type: 'completion', sequence });

function pass(n: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    traineeId: 'trainee-1',
    year: 2026,
    registrationId: `reg_${String(n).padStart(4, '0')}`,
    sessionId: `ses_${n}`,
    sessionTitle: `数字经济专题研修班 ${n}`,
    hostOrgId: 'org_host_0001',
    hostName: '广西人才培训中心',
    subjectType: 'professional',
    hours: 24,
    recordedAt: '2026-06-12T02:00:00.000Z',
    ...overrides,
  };
}

/** The completion certificate of `entry`'s pass, revoked at `at`. */
const revokedCertificateOf = (entry: LedgerEntry, sequence: number, at: Date): Certificate =>
  revoked(
    {
      number: numberOf(sequence),
      type: 'completion',
      holderId: entry.traineeId,
      holderName: '张三',
      title: entry.sessionTitle,
      creditHours: entry.hours,
      issuerOrgId: 'org_host_0001',
      issuer: '广西人才培训中心',
      issuerName: '广西人才培训中心',
      issuedOn: '2026-06-12',
      sessionId: entry.sessionId,
      planId: 'pln_0001',
      planYear: 2026,
      registrationId: entry.registrationId,
      status: 'valid',
      token: 'a.b.c',
      createdAt: entry.recordedAt,
    },
    '考核材料造假',
    at,
  );

const reversalOf = (entry: LedgerEntry, sequence: number, at = new Date('2026-09-01T02:00:00.000Z')) =>
  reversingEntry(entry, revokedCertificateOf(entry, sequence, at), at);

const NO_LOOKUPS: LedgerLookups = {
  reversed: new Set(),
  hostNames: new Map(),
  certificateNumbers: new Map(),
};

/** The items of a whole year, as the route maps them (every entry's certificate known). */
function itemsOf(entries: readonly LedgerEntry[], certificateNumbers = new Map<string, string>()) {
  const lookups = { ...NO_LOOKUPS, reversed: reversedRegistrations(entries), certificateNumbers };
  return inLedgerOrder(entries).map((entry) => ledgerItemOf(entry, lookups));
}

describe('ledgerItemOf', () => {
  it('shows a pass that stands with its title, host, hours, certificate and Beijing date', () => {
    // 20:00 UTC on 30 June is 04:00 on 1 July in Beijing.
    const entry = pass(1, {
      recordedAt: '2026-06-30T20:00:00.000Z',
      subjectType: 'public-elective',
      hours: 12,
    });
    const item = ledgerItemOf(entry, {
      ...NO_LOOKUPS,
      certificateNumbers: new Map([[entry.registrationId, numberOf(7)]]),
    });
    expect(item).toEqual({
      date: '2026-07-01',
      sessionId: 'ses_1',
      title: '数字经济专题研修班 1',
      hostName: '广西人才培训中心',
      subjectType: 'public-elective',
      hours: 12,
      certificateNumber: numberOf(7),
      reversed: false,
    });
    expect(LedgerItem.parse(item)).toEqual(item);
  });

  it('leaves the certificate number out while none was issued', () => {
    const item = ledgerItemOf(pass(1), NO_LOOKUPS);
    expect(item).not.toHaveProperty('certificateNumber');
    expect(LedgerItem.parse(item)).toEqual(item);
  });

  it('names the host of an entry written before hosts were stored on entries from the lookup', () => {
    const { hostOrgId: _id, hostName: _name, ...legacy } = pass(1);
    expect(unnamedEntries([legacy, pass(2)])).toEqual([legacy]);
    const named = ledgerItemOf(legacy, {
      ...NO_LOOKUPS,
      hostNames: new Map([[legacy.registrationId, '桂林市人才中心']]),
    });
    expect(named.hostName).toBe('桂林市人才中心');
    // The name stored on the entry is the one it was written with, whatever the lookup says.
    const stored = pass(2);
    expect(
      ledgerItemOf(stored, { ...NO_LOOKUPS, hostNames: new Map([[stored.registrationId, '新名']]) }).hostName,
    ).toBe('广西人才培训中心');
  });

  it('marks a revoked pass and its reversal, which carries the revoked number and negative hours', () => {
    const original = pass(1);
    const standing = pass(2, { recordedAt: '2026-07-01T02:00:00.000Z', hours: 16 });
    const reversal = reversalOf(original, 42);
    const items = itemsOf(
      [reversal, standing, original],
      new Map([
        [original.registrationId, numberOf(42)],
        [standing.registrationId, numberOf(43)],
      ]),
    );
    expect(
      items.map(({ date, hours, certificateNumber, reversed }) => ({
        date,
        hours,
        certificateNumber,
        reversed,
      })),
    ).toEqual([
      { date: '2026-06-12', hours: 24, certificateNumber: numberOf(42), reversed: true },
      { date: '2026-07-01', hours: 16, certificateNumber: numberOf(43), reversed: false },
      { date: '2026-09-01', hours: -24, certificateNumber: numberOf(42), reversed: true },
    ]);
    // The reversal names its certificate itself: only passes are looked up.
    expect(passesOf([original, reversal, standing])).toEqual([original, standing]);
  });
});

describe('ledger order and pages', () => {
  it('puts the oldest first and a reversal after the pass it takes back, even at the same instant', () => {
    const sameInstant = '2026-06-12T02:00:00.000Z';
    const a = pass(1, { recordedAt: sameInstant });
    const b = pass(2, { recordedAt: sameInstant });
    const early = pass(3, { recordedAt: '2026-03-01T02:00:00.000Z' });
    const reversalOfA = reversalOf(a, 1, new Date(sameInstant));
    expect(inLedgerOrder([reversalOfA, b, a, early])).toEqual([early, a, reversalOfA, b]);
  });

  it('hands out every entry once across pages of any size', () => {
    const entryArb = fc.record({
      day: fc.integer({ min: 0, max: 9 }),
      registration: fc.integer({ min: 0, max: 20 }),
      reversed: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entryArb, { selector: (e) => e.registration, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (drawn, limit) => {
          const entries = drawn.flatMap(({ day, registration, reversed }) => {
            const entry = pass(registration, { recordedAt: `2026-05-${String(day + 10)}T02:00:00.000Z` });
            return reversed
              ? [
                  entry,
                  reversalOf(entry, registration + 1, new Date(`2026-05-${String(day + 12)}T02:00:00.000Z`)),
                ]
              : [entry];
          });
          const ordered = inLedgerOrder(entries);
          const seen: LedgerEntry[] = [];
          let after: ReturnType<typeof positionOf> | undefined;
          for (let page = 0; page <= entries.length; page++) {
            const { entries: cut, more } = entriesAfter(ordered, limit, after);
            expect(cut.length).toBeLessThanOrEqual(limit);
            seen.push(...cut);
            const last = cut.at(-1);
            if (!more || !last) break;
            after = positionOf(last);
          }
          expect(seen).toEqual(ordered);
        },
      ),
    );
  });
});

describe("the items add up to the year's credits", () => {
  it('for any passes and revocations, the hours of all items equal the credits total', () => {
    const passArb = fc.record({
      subjectType: fc.constantFrom(...SUBJECT_TYPES),
      halfHours: fc.integer({ min: 1, max: 400 }),
      revoked: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(passArb, { maxLength: 15 }), (drawn) => {
        const entries = drawn.flatMap(({ subjectType, halfHours, revoked: isRevoked }, n) => {
          const entry = pass(n, { subjectType, hours: halfHours / 2 });
          return isRevoked ? [entry, reversalOf(entry, n + 1)] : [entry];
        });
        const sum = itemsOf(entries).reduce((total, item) => total + item.hours, 0);
        const credits = summarizeCredits(2026, entries, DEFAULT_CREDIT_REQUIREMENT);
        expect(Math.round(sum * 100) / 100).toBe(credits.total);
        // What stands is what was not revoked.
        const standing = drawn.filter((p) => !p.revoked).reduce((total, p) => total + p.halfHours / 2, 0);
        expect(credits.total).toBe(standing);
      }),
    );
  });
});
