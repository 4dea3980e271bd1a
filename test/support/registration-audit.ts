/**
 * What must hold of registrations whatever happened to the system, read straight from the store
 * of a running local system (the store modules of the code under test, pointed at its DynamoDB
 * Local): every registration under its trainee's derived id and no guard written beside it (the
 * id is the uniqueness), seats and the waitlist as long as what holds them, nobody twice in a
 * session, and the yearly counters equal to a recount from the registrations.
 */
import { registrationIdOf } from '#shared/domain/registrations/claims';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import type { CounterName, Counters } from '#shared/store/counters';

type RegistrationsStore = typeof import('#shared/store/registrations');
type SessionsStore = typeof import('#shared/store/sessions');
type CountersStore = typeof import('#shared/store/counters');

export interface AuditStore {
  getSession: SessionsStore['getSession'];
  listRoster: RegistrationsStore['listRoster'];
  guardedRegistrationId: RegistrationsStore['guardedRegistrationId'];
  readCounters: CountersStore['readCounters'];
}

/**
 * The store read through `dynamoPort`'s DynamoDB Local. The store's client is made once, from the
 * configuration, when its module is first loaded: under vitest pass `vi.resetModules` as
 * `freshModules`, so the modules are loaded anew for this port; elsewhere, call this before
 * anything loads a store module.
 */
export async function openAuditStore(
  dynamoPort: number,
  options: { freshModules?: () => void } = {},
): Promise<AuditStore> {
  options.freshModules?.();
  const { loadConfig, useConfig } = await import('#shared/config/env');
  const { TABLES } = await import('#shared/store/tables');
  useConfig(
    loadConfig({
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
      AWS_REGION: 'local',
      LOG_LEVEL: 'WARN',
      ...Object.fromEntries(Object.values(TABLES).map((table) => [table.envVar, table.name])),
    }),
  );
  const [registrations, sessions, counters] = await Promise.all([
    import('#shared/store/registrations'),
    import('#shared/store/sessions'),
    import('#shared/store/counters'),
  ]);
  return {
    getSession: sessions.getSession,
    listRoster: registrations.listRoster,
    guardedRegistrationId: registrations.guardedRegistrationId,
    readCounters: counters.readCounters,
  };
}

/** Every registration of a session, cancelled ones included. */
export async function rosterOf(store: AuditStore, sessionId: string): Promise<Registration[]> {
  const all: Registration[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRoster(sessionId, 200, cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export interface SessionAudit {
  session: Session;
  /** Registrations that hold a seat or a place (not cancelled). */
  active: Registration[];
  confirmed: Registration[];
  waitlisted: Registration[];
  /** Each broken rule, in words; empty when all hold. */
  problems: string[];
}

/** Generations an audited trainee may have gone through (registered, cancelled, again). */
const AUDITED_GENERATIONS = 10;

/**
 * Checks one session against the trainees who may have registered for it (guards can only be
 * read by trainee: there is no list of them, by design).
 */
export async function auditSession(
  store: AuditStore,
  sessionId: string,
  traineeIds: readonly string[],
): Promise<SessionAudit> {
  const session = await store.getSession(sessionId);
  if (!session) throw new Error(`No session ${sessionId}`);
  const roster = await rosterOf(store, sessionId);
  const active = roster.filter((registration) => registration.status !== 'cancelled');
  const confirmed = active.filter((registration) => registration.status !== 'waitlisted');
  const waitlisted = active.filter((registration) => registration.status === 'waitlisted');
  const problems: string[] = [];

  const byTrainee = new Map<string, Registration[]>();
  for (const registration of active) {
    byTrainee.set(registration.traineeId, [...(byTrainee.get(registration.traineeId) ?? []), registration]);
  }
  for (const [traineeId, theirs] of byTrainee) {
    if (theirs.length > 1) {
      problems.push(`trainee ${traineeId} is in twice: ${theirs.map((registration) => registration.id)}`);
    }
    if (!traineeIds.includes(traineeId)) problems.push(`registration of an unknown trainee ${traineeId}`);
  }
  for (const registration of roster) {
    const ids = Array.from({ length: AUDITED_GENERATIONS }, (_, generation) =>
      registrationIdOf(sessionId, registration.traineeId, generation),
    );
    if (!ids.includes(registration.id)) {
      problems.push(`registration ${registration.id} of ${registration.traineeId} is not under a derived id`);
    }
  }
  // Registrations are their own uniqueness: a guard is only ever left by the code before them.
  const guards = await Promise.all(
    traineeIds.map(async (traineeId) => [traineeId, await store.guardedRegistrationId(sessionId, traineeId)]),
  );
  for (const [traineeId, guarded] of guards as [string, string | undefined][]) {
    if (guarded !== undefined) problems.push(`a guard of ${traineeId} names ${guarded}`);
  }
  if (session.seatsTaken !== confirmed.length) {
    problems.push(`seatsTaken ${session.seatsTaken} but ${confirmed.length} confirmed registrations`);
  }
  if (session.waitlistLength !== waitlisted.length) {
    problems.push(
      `waitlistLength ${session.waitlistLength} but ${waitlisted.length} waitlisted registrations`,
    );
  }
  const positions = waitlisted.map((registration) => registration.waitlistPosition);
  if (new Set(positions).size !== positions.length) problems.push(`waitlist positions repeat: ${positions}`);
  return { session, active, confirmed, waitlisted, problems };
}

/** The counters registrations alone determine (no certificate revoked meanwhile). */
export const RECOUNTED: readonly CounterName[] = ['confirmed', 'completed', 'failed', 'hours'];

/** Where the counters of a burst are kept: one plan of one host, whose sessions are all listed. */
export interface CounterScope {
  planId: string;
  hostOrgId: string;
  /** Every session of the plan and of the host in that year: the recount reads these alone. */
  sessionIds: readonly string[];
}

export interface CounterComparison {
  equal: boolean;
  recount: { plan: Partial<Counters>; host: Partial<Counters> };
  stored: { plan: Partial<Counters>; host: Partial<Counters> };
}

const pick = (counters: Counters): Partial<Counters> =>
  Object.fromEntries(RECOUNTED.map((name) => [name, counters[name]]));

/**
 * The plan's and the host's counters beside a recount of the sessions' registrations, as
 * shared/store/counters.ts defines them: confirmed counts every registration that took a seat and
 * was not cancelled (results keep it), completed and failed the results, hours those of passes.
 */
export async function compareCounters(store: AuditStore, scope: CounterScope): Promise<CounterComparison> {
  const zero = (): Record<string, number> => Object.fromEntries(RECOUNTED.map((name) => [name, 0]));
  const plan = new Map<number, Record<string, number>>();
  const host = new Map<number, Record<string, number>>();
  for (const sessionId of scope.sessionIds) {
    for (const registration of await rosterOf(store, sessionId)) {
      if (registration.status === 'cancelled' || registration.status === 'waitlisted') continue;
      const planYear = registration.planYear ?? registration.year;
      for (const [byYear, year] of [
        [plan, planYear],
        [host, registration.year],
      ] as const) {
        const counts = byYear.get(year) ?? zero();
        counts.confirmed = (counts.confirmed ?? 0) + 1;
        if (registration.status === 'completed') {
          counts.completed = (counts.completed ?? 0) + 1;
          counts.hours = (counts.hours ?? 0) + registration.creditHours;
        }
        if (registration.status === 'failed') counts.failed = (counts.failed ?? 0) + 1;
        byYear.set(year, counts);
      }
    }
  }
  const years = [...new Set([...plan.keys(), ...host.keys()])];
  if (years.length > 1) throw new Error(`The sessions span the years ${years}: compare one year at a time`);
  const year = years[0] ?? new Date().getUTCFullYear();
  const stored = {
    plan: pick(await store.readCounters({ kind: 'plan', id: scope.planId }, year)),
    host: pick(await store.readCounters({ kind: 'org', id: scope.hostOrgId }, year)),
  };
  const recount = { plan: plan.get(year) ?? zero(), host: host.get(year) ?? zero() };
  const equal = JSON.stringify(stored) === JSON.stringify(recount);
  return { equal, recount, stored };
}

/**
 * Waits until the counters equal the recount (the stream aggregator has caught up), and returns
 * the last comparison: equal, or what still differed after `timeoutMs`.
 */
export async function countersOnceCaughtUp(
  store: AuditStore,
  scope: CounterScope,
  timeoutMs = 60_000,
): Promise<CounterComparison> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const comparison = await compareCounters(store, scope);
    if (comparison.equal || Date.now() > deadline) return comparison;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
