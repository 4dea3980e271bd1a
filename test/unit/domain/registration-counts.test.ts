/**
 * What a change of a registration counts for, from its old and new image (the counters
 * aggregator's rule), with the meaning the counters had when the registering, cancelling and
 * result transactions kept them; and, over random histories, that the changes add up to a
 * recount of the registrations as they end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNTED_BY_STREAM,
  type CountChange,
  type CountedRegistration,
  countItemKey,
  registrationCountChanges,
  SEAT_COUNTED_BY_STREAM,
  sumCountChanges,
} from '#shared/domain/counters/registration-counts';

const registration = (overrides: Partial<CountedRegistration> = {}): CountedRegistration => ({
  status: 'confirmed',
  sessionId: 'ses_1',
  planId: 'pln_1',
  hostOrgId: 'org_1',
  year: 2026,
  planYear: 2025,
  creditHours: 7.5,
  countedBy: COUNTED_BY_STREAM,
  ...overrides,
});

const plan = (year: number, deltas: CountChange['deltas']): CountChange => ({
  owner: { kind: 'plan', id: 'pln_1' },
  year,
  deltas,
});
const host = (year: number, deltas: CountChange['deltas']): CountChange => ({
  owner: { kind: 'org', id: 'org_1' },
  year,
  deltas,
});

describe('registrationCountChanges', () => {
  it('counts a seat taken on registering for the plan in its year and the host in the session’s', () => {
    expect(registrationCountChanges(undefined, registration())).toEqual([
      plan(2025, { confirmed: 1 }),
      host(2026, { confirmed: 1 }),
    ]);
  });

  it('counts a registration without a plan year in the session’s year for both', () => {
    expect(registrationCountChanges(undefined, registration({ planYear: undefined }))).toEqual([
      plan(2026, { confirmed: 1 }),
      host(2026, { confirmed: 1 }),
    ]);
  });

  it('counts nothing for joining the waitlist, and a seat for a promotion', () => {
    const waiting = registration({ status: 'waitlisted' });
    expect(registrationCountChanges(undefined, waiting)).toEqual([]);
    expect(registrationCountChanges(waiting, registration())).toEqual([
      plan(2025, { confirmed: 1 }),
      host(2026, { confirmed: 1 }),
    ]);
  });

  it('takes the seat back on cancelling a confirmed registration, nothing for a waitlisted one', () => {
    expect(registrationCountChanges(registration(), registration({ status: 'cancelled' }))).toEqual([
      plan(2025, { confirmed: -1 }),
      host(2026, { confirmed: -1 }),
    ]);
    expect(
      registrationCountChanges(registration({ status: 'waitlisted' }), registration({ status: 'cancelled' })),
    ).toEqual([]);
  });

  it('counts a pass with its hours and a fail, the seat still counted as confirmed', () => {
    expect(registrationCountChanges(registration(), registration({ status: 'completed' }))).toEqual([
      plan(2025, { completed: 1, hours: 7.5 }),
      host(2026, { completed: 1, hours: 7.5 }),
    ]);
    expect(registrationCountChanges(registration(), registration({ status: 'failed' }))).toEqual([
      plan(2025, { failed: 1 }),
      host(2026, { failed: 1 }),
    ]);
  });

  it('counts the session held once, where the flag says, when the flag appears', () => {
    const marked = registration({ status: 'failed', sessionHeld: { planYear: 2025, hostYear: 2026 } });
    expect(registrationCountChanges(registration(), marked)).toEqual([
      plan(2025, { failed: 1, held: 1 }),
      host(2026, { failed: 1, held: 1 }),
    ]);
    // A session outside its plan's year is held for its host only.
    const strayed = registration({ status: 'completed', sessionHeld: { hostYear: 2027 } });
    expect(registrationCountChanges(registration(), strayed)).toEqual([
      plan(2025, { completed: 1, hours: 7.5 }),
      host(2026, { completed: 1, hours: 7.5 }),
      { owner: { kind: 'org', id: 'org_1' }, year: 2027, deltas: { held: 1 } },
    ]);
    // Written again with the flag: not held a second time.
    expect(registrationCountChanges(marked, marked)).toEqual([]);
  });

  it('counts the seat of a registration to a session without a capacity on the session, both ways', () => {
    const unlimited = registration({ seatCountedBy: SEAT_COUNTED_BY_STREAM });
    const seats = (delta: number): CountChange => ({
      owner: { kind: 'session', id: 'ses_1' },
      year: 0,
      deltas: { seatsTaken: delta },
    });
    expect(registrationCountChanges(undefined, unlimited)).toContainEqual(seats(1));
    expect(registrationCountChanges(unlimited, { ...unlimited, status: 'completed' })).not.toContainEqual(
      expect.objectContaining({ owner: { kind: 'session', id: 'ses_1' } }),
    );
    // A rewrite that dropped the attribute still gives the seat back: the old image carries it.
    const { seatCountedBy: _, ...rewritten } = unlimited;
    expect(registrationCountChanges(unlimited, { ...rewritten, status: 'cancelled' })).toContainEqual(
      seats(-1),
    );
    // A seat claimed on the session item is not the stream's.
    expect(registrationCountChanges(undefined, registration())).not.toContainEqual(
      expect.objectContaining({ owner: { kind: 'session', id: 'ses_1' } }),
    );
  });

  it('leaves alone a write made before the counters moved to the stream (counted in its transaction)', () => {
    const legacy = registration({ countedBy: undefined });
    expect(registrationCountChanges(undefined, legacy)).toEqual([]);
    expect(registrationCountChanges(legacy, { ...legacy, status: 'cancelled' })).toEqual([]);
    // Its next write by today's code counts the difference: the old state was counted already.
    expect(registrationCountChanges(legacy, registration({ status: 'cancelled' }))).toEqual([
      plan(2025, { confirmed: -1 }),
      host(2026, { confirmed: -1 }),
    ]);
  });
});

describe('sumCountChanges', () => {
  it('adds up changes per counter item and drops what adds up to nothing', () => {
    expect(
      sumCountChanges([
        plan(2025, { confirmed: 1, hours: 0.5 }),
        host(2026, { confirmed: 1 }),
        plan(2025, { confirmed: -1, hours: 7 }),
        host(2026, { confirmed: -1 }),
      ]),
    ).toEqual([plan(2025, { hours: 7.5 })]);
  });
});

// Random histories: each registration a walk through the transitions the program allows.
type Step = 'promote' | 'cancel' | 'pass' | 'fail' | 'rewrite';
const NEXT: Record<CountedRegistration['status'], Step[]> = {
  waitlisted: ['promote', 'cancel', 'rewrite'],
  confirmed: ['cancel', 'pass', 'fail', 'rewrite'],
  cancelled: ['rewrite'],
  completed: ['rewrite'],
  failed: ['rewrite'],
};

function walk(start: CountedRegistration, choices: number[], heldFlags: boolean[]): CountedRegistration[] {
  const images = [start];
  let current = start;
  choices.forEach((choice, index) => {
    const steps = NEXT[current.status];
    const step = steps[choice % steps.length] as Step;
    const result = (status: 'completed' | 'failed'): CountedRegistration => ({
      ...current,
      status,
      ...(heldFlags[index] ? { sessionHeld: { planYear: current.planYear, hostYear: current.year } } : {}),
    });
    current =
      step === 'promote'
        ? { ...current, status: 'confirmed' }
        : step === 'cancel'
          ? { ...current, status: 'cancelled' }
          : step === 'pass'
            ? result('completed')
            : step === 'fail'
              ? result('failed')
              : { ...current };
    images.push(current);
  });
  return images;
}

const arbitraryRegistration = fc.record({
  status: fc.constantFrom('confirmed' as const, 'waitlisted' as const),
  sessionId: fc.constantFrom('ses_a', 'ses_b'),
  // A registration to a session without a capacity: confirmed, its seat the stream's to count.
  seatCountedBy: fc.option(fc.constant(SEAT_COUNTED_BY_STREAM), { nil: undefined }),
  planId: fc.constantFrom('pln_a', 'pln_b'),
  hostOrgId: fc.constantFrom('org_a', 'org_b'),
  year: fc.constantFrom(2025, 2026),
  planYear: fc.option(fc.constantFrom(2025, 2026), { nil: undefined }),
  creditHours: fc.constantFrom(0.5, 7.5, 24),
  countedBy: fc.constant(COUNTED_BY_STREAM),
});

/** The counters as a recount from the registrations as they end. */
function recount(finals: readonly CountedRegistration[]): Map<string, Record<string, number>> {
  const counters = new Map<string, Record<string, number>>();
  const add = (key: string, name: string, value: number) => {
    const into = counters.get(key) ?? {};
    into[name] = Math.round(((into[name] ?? 0) + value) * 100) / 100;
    counters.set(key, into);
  };
  for (const final of finals) {
    const keys = [
      countItemKey({ kind: 'plan', id: final.planId }, final.planYear ?? final.year),
      countItemKey({ kind: 'org', id: final.hostOrgId }, final.year),
    ];
    for (const key of keys) {
      if (['confirmed', 'completed', 'failed'].includes(final.status)) add(key, 'confirmed', 1);
      if (final.status === 'completed') {
        add(key, 'completed', 1);
        add(key, 'hours', final.creditHours);
      }
      if (final.status === 'failed') add(key, 'failed', 1);
    }
    if (final.seatCountedBy && ['confirmed', 'completed', 'failed'].includes(final.status))
      add(countItemKey({ kind: 'session', id: final.sessionId }, 0), 'seatsTaken', 1);
    if (final.sessionHeld) {
      if (final.sessionHeld.planYear !== undefined)
        add(countItemKey({ kind: 'plan', id: final.planId }, final.sessionHeld.planYear), 'held', 1);
      add(countItemKey({ kind: 'org', id: final.hostOrgId }, final.sessionHeld.hostYear), 'held', 1);
    }
  }
  return nonZero(counters);
}

function nonZero(counters: Map<string, Record<string, number>>) {
  return new Map(
    [...counters]
      .map(
        ([key, values]) =>
          [key, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== 0))] as const,
      )
      .filter(([, values]) => Object.keys(values).length > 0),
  );
}

describe('random histories', () => {
  it('add up, change by change, to a recount of the registrations as they end', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            arbitraryRegistration,
            fc.array(fc.nat(), { maxLength: 6 }),
            fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
          ),
          { maxLength: 12 },
        ),
        (histories) => {
          const changes: CountChange[] = [];
          const finals: CountedRegistration[] = [];
          for (const [start, choices, heldFlags] of histories) {
            const begun: CountedRegistration = start.seatCountedBy
              ? { ...start, status: 'confirmed' }
              : start;
            const images = walk(begun, choices, heldFlags);
            images.forEach((image, index) => {
              changes.push(...registrationCountChanges(images[index - 1], image));
            });
            finals.push(images.at(-1) as CountedRegistration);
          }
          const summed = new Map(
            sumCountChanges(changes).map((change) => [
              countItemKey(change.owner, change.year),
              change.deltas as Record<string, number>,
            ]),
          );
          expect(nonZero(summed)).toEqual(recount(finals));
        },
      ),
      { numRuns: 300 },
    );
  });
});
