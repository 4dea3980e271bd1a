/** Data set up straight through the store modules, for tests that exercise what comes after. */
import { shiftDate } from '#shared/domain/dates';
import { newOrganization } from '#shared/domain/organizations/organization';
import { newPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { CreateSessionInput, type Session } from '#shared/domain/sessions/schemas';
import { newSession } from '#shared/domain/sessions/session';
import { idNumberCheckCharacter } from '#shared/domain/trainees/id-number';
import { putNewOrganization } from '#shared/store/organizations';
import { putNewPlan } from '#shared/store/plans';
import { putNewSession } from '#shared/store/sessions';
import { putTraineeProfile } from '#shared/store/trainees';
import { sessionWindow, type WindowShape } from './session-window';

export const addDays = shiftDate;

/** A valid ID number for the n-th test person (Nanning, born 1990-01-01 plus n days). */
export function idNumberFor(n: number): string {
  const birth = addDays('1990-01-01', n % 10_000).replaceAll('-', '');
  const first17 = `450103${birth}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckCharacter(first17)}`;
}

// Each test module starts at its own random place among 14.6 million numbers and counts up, so
// modules sharing one database do not claim each other's numbers (the store keeps them unique).
const UNIQUE_SPAN = 14_600 * 1000;
let nextUnique = Math.floor(Math.random() * UNIQUE_SPAN);

/** A valid ID number no other call returns (born 1960–1999); `checkX` asks for one ending in X. */
export function uniqueIdNumber(checkX = false): string {
  for (;;) {
    const n = nextUnique++ % UNIQUE_SPAN;
    const birth = addDays('1960-01-01', Math.floor(n / 1000)).replaceAll('-', '');
    const first17 = `450103${birth}${String(n % 1000).padStart(3, '0')}`;
    const check = idNumberCheckCharacter(first17);
    if (!checkX || check === 'X') return `${first17}${check}`;
  }
}

/** `sessionOf`'s default session: its deadline in five days, held from day ten to day twelve. */
const DEFAULT_SESSION: WindowShape = { deadlineIn: 5, startIn: 10, endIn: 12 };

/** The hosts this test module made (its counters aggregator counts their registrations: ./counters). */
export const hostsMadeHere = new Set<string>();

/** A published plan, by default of the year `sessionOf`'s default session is held in. */
export async function hostWithPublishedPlan(overrides: Partial<CreatePlanInput> = {}) {
  const host = newOrganization(
    { name: `测试承办单位 ${Math.random().toString(36).slice(2, 8)}`, kind: 'host', city: '南宁' },
    new Date(),
  );
  hostsMadeHere.add(host.id);
  await putNewOrganization(host);
  const actor = { userId: `host-user-${host.id}`, roles: ['host' as const], orgId: host.id };
  const draft = newPlan(
    CreatePlanInput.parse({
      year: sessionWindow(DEFAULT_SESSION).year,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '测试研修',
      plannedSessions: 1,
      plannedTrainees: 100,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
      ...overrides,
    }),
    actor,
    new Date(),
  );
  const plan: Plan = { ...draft, status: 'published', publishedAt: new Date().toISOString() };
  await putNewPlan(plan);
  return { host, actor, plan };
}

/**
 * A session of `plan`, by default about ten days ahead (in next year's first days when those would
 * straddle 31 December; `hostWithPublishedPlan`'s default plan is of that year). One whose
 * deadline has passed was created while it took registrations: on its deadline day at the latest.
 */
export async function sessionOf(plan: Plan, input: Partial<CreateSessionInput> = {}): Promise<Session> {
  const { year: _year, ...defaultDates } = sessionWindow(DEFAULT_SESSION);
  const fields = CreateSessionInput.parse({
    title: '测试班次',
    ...defaultDates,
    capacity: 20,
    creditHours: 24,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
    ...input,
  });
  const deadlineDay = new Date(`${fields.registrationDeadline}T12:00:00+08:00`);
  const createdAt = new Date(Math.min(Date.now(), deadlineDay.getTime()));
  const session = newSession(plan, fields, createdAt);
  await putNewSession(session);
  return session;
}

/**
 * A session whose dates leave its plan's year, as sessions could be stored before that rule:
 * made for the plan's last days, then given `dates`, and written with the store alone.
 */
export async function sessionStoredOutsidePlanYear(
  plan: Plan,
  dates: Pick<CreateSessionInput, 'startDate' | 'endDate' | 'registrationDeadline'>,
): Promise<Session> {
  const inYear = { startDate: `${plan.year}-12-31`, endDate: `${plan.year}-12-31` };
  const fields = CreateSessionInput.parse({
    title: '跨年测试班次',
    ...inYear,
    registrationDeadline: dates.registrationDeadline,
    capacity: 20,
    creditHours: 24,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
  });
  const createdAt = new Date(`${dates.registrationDeadline}T12:00:00+08:00`);
  const session = { ...newSession(plan, fields, createdAt), ...dates };
  await putNewSession(session);
  return session;
}

export async function trainees(count: number, prefix = `t${Math.random().toString(36).slice(2, 8)}`) {
  const made = [];
  for (let i = 0; i < count; i++) {
    const profile = {
      traineeId: `${prefix}-${i}`,
      name: `学员${i}`,
      idNumber: idNumberFor(i),
      employer: '南宁市第一中学',
      city: '南宁',
      email: `${prefix}-${i}@example.cn`,
      updatedAt: new Date().toISOString(),
    };
    await putTraineeProfile(profile);
    made.push(profile);
  }
  return made;
}
