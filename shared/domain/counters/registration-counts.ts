/**
 * What a registration counts for in the yearly counters (shared/store/counters.ts), derived from
 * its stored images rather than added by the transactions that write it: the counters aggregator
 * (functions/counters) reads each change of a registration from the table's stream, old image and
 * new, and adds the difference. The meaning of each counter is the one the transactions kept:
 * - confirmed: registrations that took a seat (confirmed on registering or promoted from the
 *   waitlist) and did not give it up; a result does not take it away (completed and failed count);
 * - completed, hours: passes, with the registration's credit hours;
 * - failed: fails;
 * - held: sessions with a result, counted once, by the result that marked the session held (it
 *   flags its registration with where the session counts, `sessionHeld`).
 * A registration counts for its plan in the plan's year and for its host in the year its session
 * ends; a held session where sessionCounting (../sessions/counting.ts) put it.
 *
 * The same changes keep one count that is not yearly: the seats taken of a session without a
 * capacity (`seatsTaken` on the session item), for registrations written there without claiming
 * a seat (SEAT_COUNTED_BY_STREAM); docs/adr/0008-hot-sessions.md.
 */
import type { RegistrationStatus } from '../registrations/statuses';

/** The counters a registration moves (sessions, certificates and revoked are counted elsewhere). */
export const REGISTRATION_COUNTERS = ['confirmed', 'completed', 'failed', 'hours', 'held'] as const;
/** The session's own count the stream keeps for seats taken without a claim. */
export const SESSION_SEATS = 'seatsTaken';
export type RegistrationCounter = (typeof REGISTRATION_COUNTERS)[number] | typeof SESSION_SEATS;

/** A yearly counter item's owner, or a session whose seats the stream counts (its year is 0). */
export type CountOwner =
  | { kind: 'plan'; id: string }
  | { kind: 'org'; id: string }
  | { kind: 'session'; id: string };

/** Deltas for one owner's counters of one year. */
export interface CountChange {
  owner: CountOwner;
  year: number;
  deltas: Partial<Record<RegistrationCounter, number>>;
}

/** Where the session of a registration counts as held: the plan's year (if it lies in it) and the host's. */
export interface SessionHeldCounting {
  planYear?: number;
  hostYear: number;
}

/**
 * Whom a write is counted by. Every registration the system writes carries `countedBy: 'stream'`;
 * a change whose image lacks it was written (and counted, in its transaction) before the counters
 * moved to the stream, so the aggregator leaves it alone: a deployment needs no cut-over moment.
 */
export const COUNTED_BY_STREAM = 'stream';

/**
 * A registration written to a session without a capacity takes no seat on the session item (no
 * write shared with the session's other registrants): it carries `seatCountedBy: 'stream'`, and
 * the aggregator adds its seat to the session's `seatsTaken`, and takes it away when it gives the
 * seat up. A rewrite of the registration may drop the attribute, so a change counts for the
 * session when either of its images carries it (the first rewrite's old image always does).
 */
export const SEAT_COUNTED_BY_STREAM = 'stream';

/** The attributes of a stored registration the counters read. */
export interface CountedRegistration {
  status: RegistrationStatus;
  sessionId: string;
  planId: string;
  hostOrgId: string;
  year: number;
  planYear?: number | undefined;
  creditHours: number;
  countedBy?: string | undefined;
  seatCountedBy?: string | undefined;
  /** Set by the result that marked the session held. */
  sessionHeld?: SessionHeldCounting | undefined;
}

const HOLDS_A_SEAT: ReadonlySet<RegistrationStatus> = new Set(['confirmed', 'completed', 'failed']);
const seatOf = (registration: CountedRegistration | undefined) =>
  registration && HOLDS_A_SEAT.has(registration.status) ? 1 : 0;

/** Half hours add up without float noise. */
const rounded = (value: number) => Math.round(value * 100) / 100;

/** What one image of a registration stands for in the counters (the held event aside). */
function standing(registration: CountedRegistration): Partial<Record<RegistrationCounter, number>> {
  const completed = registration.status === 'completed';
  return {
    confirmed: HOLDS_A_SEAT.has(registration.status) ? 1 : 0,
    completed: completed ? 1 : 0,
    failed: registration.status === 'failed' ? 1 : 0,
    hours: completed ? registration.creditHours : 0,
  };
}

function ownersOf(registration: CountedRegistration): { owner: CountOwner; year: number }[] {
  return [
    { owner: { kind: 'plan', id: registration.planId }, year: registration.planYear ?? registration.year },
    { owner: { kind: 'org', id: registration.hostOrgId }, year: registration.year },
  ];
}

function scaled(
  deltas: Partial<Record<RegistrationCounter, number>>,
  factor: number,
): Partial<Record<RegistrationCounter, number>> {
  return Object.fromEntries(Object.entries(deltas).map(([name, value]) => [name, (value ?? 0) * factor]));
}

/**
 * The counter changes of one write of a registration, from its image before (`previous`, absent
 * when it was created) and after (`next`, absent when it was deleted). None when the write was not
 * the stream's to count (see COUNTED_BY_STREAM).
 */
export function registrationCountChanges(
  previous: CountedRegistration | undefined,
  next: CountedRegistration | undefined,
): CountChange[] {
  const written = next ?? previous;
  if (!written) return [];
  const changes: CountChange[] = [];
  if (previous?.seatCountedBy === SEAT_COUNTED_BY_STREAM || next?.seatCountedBy === SEAT_COUNTED_BY_STREAM) {
    const seats = seatOf(next) - seatOf(previous);
    changes.push({
      owner: { kind: 'session', id: written.sessionId },
      year: 0,
      deltas: { [SESSION_SEATS]: seats },
    });
  }
  if (written.countedBy !== COUNTED_BY_STREAM) return sumCountChanges(changes);
  if (previous) {
    const taken = scaled(standing(previous), -1);
    for (const { owner, year } of ownersOf(previous)) changes.push({ owner, year, deltas: taken });
  }
  if (next) {
    const given = standing(next);
    for (const { owner, year } of ownersOf(next)) changes.push({ owner, year, deltas: given });
  }
  // Held once: when the flag appears; a session stays held whatever happens to the registration.
  if (next?.sessionHeld && !previous?.sessionHeld) {
    const { planYear, hostYear } = next.sessionHeld;
    if (planYear !== undefined)
      changes.push({ owner: { kind: 'plan', id: next.planId }, year: planYear, deltas: { held: 1 } });
    changes.push({ owner: { kind: 'org', id: next.hostOrgId }, year: hostYear, deltas: { held: 1 } });
  }
  return sumCountChanges(changes);
}

/** The key changes are summed under: one counter item (owner and year). */
export const countItemKey = (owner: CountOwner, year: number) => `${owner.kind}#${owner.id}#${year}`;

/** `changes` summed per owner and year, counters that add up to zero left out, empty items dropped. */
export function sumCountChanges(changes: readonly CountChange[]): CountChange[] {
  const summed = new Map<string, CountChange>();
  for (const change of changes) {
    const key = countItemKey(change.owner, change.year);
    const into = summed.get(key) ?? { owner: change.owner, year: change.year, deltas: {} };
    for (const [name, delta] of Object.entries(change.deltas) as [RegistrationCounter, number][]) {
      into.deltas[name] = rounded((into.deltas[name] ?? 0) + delta);
    }
    summed.set(key, into);
  }
  return [...summed.values()]
    .map((change) => ({
      ...change,
      deltas: Object.fromEntries(Object.entries(change.deltas).filter(([, delta]) => delta !== 0)),
    }))
    .filter((change) => Object.keys(change.deltas).length > 0);
}
