import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { AppError } from '#shared/domain/errors';
import type { Plan } from '#shared/domain/plans/schemas';
import { sessionDateIssues } from '#shared/domain/sessions/date-order';
import {
  CreateSessionInput,
  ListSessionsQuery,
  Session,
  UpdateSessionInput,
} from '#shared/domain/sessions/schemas';
import {
  applySessionPatch,
  assertCapacityFits,
  foundSession,
  isOpen,
  newSession,
  ownedSession,
} from '#shared/domain/sessions/session';
import { validate } from '#shared/http/validation';
import { thrown } from '../helpers/thrown';

const NOW = new Date('2026-11-20T02:00:00.000Z');
const LATER = new Date('2026-11-21T03:30:00.000Z');

const INPUT = {
  title: '人工智能应用高级研修班',
  startDate: '2026-12-07',
  endDate: '2026-12-11',
  registrationDeadline: '2026-11-30',
  capacity: 60,
  creditHours: 24,
  subjectType: 'professional',
  mode: 'offline',
  city: '南宁',
  location: '广西大学继续教育学院',
} as const;

const PLAN: Plan = {
  id: 'plan_1',
  year: 2026,
  project: 'seminar',
  level: 'regional',
  category: 'advanced',
  title: '2026 年高级研修项目',
  hostOrgId: 'org_host',
  hostName: '广西大学',
  plannedSessions: 4,
  plannedTrainees: 240,
  budget: { subsidyCapFen: 50_000_000, selfFundedFen: 10_000_000 },
  status: 'published',
  spentFen: 0,
  reimbursableFen: 0,
  shortfallFen: 0,
  history: [],
  createdBy: 'host-1',
  createdAt: '2026-01-05T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  publishedAt: '2026-03-01T00:00:00.000Z',
  version: 4,
};

const HOST: Actor = { userId: 'host-1', roles: ['host'], orgId: 'org_host' };
const OTHER_HOST: Actor = { userId: 'host-2', roles: ['host'], orgId: 'org_other' };
const TRAINEE: Actor = { userId: 'trainee-1', roles: ['trainee'], orgId: 'org_host' };

const session = (overrides: Partial<Session> = {}): Session => ({
  ...newSession(PLAN, CreateSessionInput.parse(INPUT), NOW),
  ...overrides,
});

/** The 400 the HTTP edge would answer for `body`, as field names. */
const fieldsRefused = (body: unknown) => {
  const error = thrown(() => validate(CreateSessionInput, body, 'body')) as AppError;
  expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  return (error.details ?? []).map((detail) => detail.field);
};

describe('CreateSessionInput: dates', () => {
  it('refuses a deadline after the start, naming registrationDeadline only', () => {
    expect(fieldsRefused({ ...INPUT, registrationDeadline: '2026-12-08' })).toEqual(['registrationDeadline']);
  });

  it('refuses an end before the start, naming endDate only', () => {
    expect(fieldsRefused({ ...INPUT, endDate: '2026-12-06' })).toEqual(['endDate']);
  });

  it('names both fields when both are out of order', () => {
    expect(fieldsRefused({ ...INPUT, registrationDeadline: '2026-12-09', endDate: '2026-12-01' })).toEqual([
      'registrationDeadline',
      'endDate',
    ]);
  });

  it('accepts a one-day session whose deadline is its start day', () => {
    const dates = { startDate: '2026-12-07', endDate: '2026-12-07', registrationDeadline: '2026-12-07' };
    expect(CreateSessionInput.safeParse({ ...INPUT, ...dates }).success).toBe(true);
    expect(sessionDateIssues({ ...dates, mode: 'offline' })).toEqual([]);
  });

  it('lets an online session take registrations up to its end date (rolling enrolment)', () => {
    const online = { ...INPUT, mode: 'online', registrationDeadline: '2026-12-09' };
    expect(CreateSessionInput.safeParse(online).success).toBe(true);
    expect(CreateSessionInput.safeParse({ ...online, registrationDeadline: '2026-12-11' }).success).toBe(
      true,
    );
  });

  it('refuses an online deadline after the end date, naming registrationDeadline only', () => {
    expect(fieldsRefused({ ...INPUT, mode: 'online', registrationDeadline: '2026-12-12' })).toEqual([
      'registrationDeadline',
    ]);
  });

  it.each(['offline', 'blended'] as const)('keeps a %s deadline on or before the start date', (mode) => {
    expect(fieldsRefused({ ...INPUT, mode, registrationDeadline: '2026-12-09' })).toEqual([
      'registrationDeadline',
    ]);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(fieldsRefused({ ...INPUT, startDate: '2026-02-30' })).toContain('startDate');
  });
});

describe('CreateSessionInput: capacity, credit hours, text', () => {
  it.each([null, 1, 60])('accepts capacity %s', (capacity) => {
    expect(CreateSessionInput.parse({ ...INPUT, capacity }).capacity).toBe(capacity);
  });

  it.each([0, -1, 1.5, '60'])('refuses capacity %s, naming capacity', (capacity) => {
    expect(fieldsRefused({ ...INPUT, capacity })).toEqual(['capacity']);
  });

  it.each([0, -2, 1.3, 0.25])('refuses creditHours %s, naming creditHours', (creditHours) => {
    expect(fieldsRefused({ ...INPUT, creditHours })).toEqual(['creditHours']);
  });

  it.each([0.5, 1.5, 24])('accepts creditHours %s (steps of 0.5)', (creditHours) => {
    expect(CreateSessionInput.parse({ ...INPUT, creditHours }).creditHours).toBe(creditHours);
  });

  it('refuses a title over 200 characters and accepts exactly 200', () => {
    expect(fieldsRefused({ ...INPUT, title: '班'.repeat(201) })).toEqual(['title']);
    expect(CreateSessionInput.safeParse({ ...INPUT, title: '班'.repeat(200) }).success).toBe(true);
  });

  it('names every unknown field', () => {
    const fields = fieldsRefused({ ...INPUT, seatsTaken: 5, hostOrgId: 'org_x' });
    expect(fields.sort()).toEqual(['hostOrgId', 'seatsTaken']);
  });

  it('refuses an unknown subject type or mode, naming each', () => {
    expect(fieldsRefused({ ...INPUT, subjectType: 'sports', mode: 'radio' }).sort()).toEqual([
      'mode',
      'subjectType',
    ]);
  });
});

describe('UpdateSessionInput and ListSessionsQuery', () => {
  it('refuses an empty patch and a patch of seat counts', () => {
    expect(UpdateSessionInput.safeParse({}).success).toBe(false);
    expect(UpdateSessionInput.safeParse({ seatsTaken: 0 }).success).toBe(false);
    expect(UpdateSessionInput.safeParse({ subjectType: 'professional' }).success).toBe(false);
  });

  it('accepts capacity null (unlimited) in a patch', () => {
    expect(UpdateSessionInput.parse({ capacity: null })).toEqual({ capacity: null });
  });

  it('reads open as a boolean and year as a number, with the default page size', () => {
    expect(ListSessionsQuery.parse({ open: 'true', year: '2026' })).toEqual({
      open: true,
      year: 2026,
      limit: 50,
    });
    expect(ListSessionsQuery.parse({ open: 'false' }).open).toBe(false);
    expect(ListSessionsQuery.safeParse({ open: 'yes' }).success).toBe(false);
  });
});

describe('newSession', () => {
  it('copies plan, host and year from the plan and starts with no seats taken', () => {
    const created = newSession(PLAN, CreateSessionInput.parse(INPUT), NOW);
    expect(created).toEqual({
      id: expect.stringMatching(/^ses_/),
      planId: 'plan_1',
      hostOrgId: 'org_host',
      hostName: '广西大学',
      year: 2026,
      ...INPUT,
      seatsTaken: 0,
      waitlistLength: 0,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      version: 1,
    });
    expect(Session.parse(created)).toEqual(created);
  });

  it('takes an omitted capacity as unlimited (null)', () => {
    const { capacity: _omitted, ...withoutCapacity } = INPUT;
    expect(newSession(PLAN, CreateSessionInput.parse(withoutCapacity), NOW).capacity).toBeNull();
  });

  it.each(['draft', 'submitted', 'approved', 'rejected', 'returned'] as const)(
    'refuses a %s plan with 409 PLAN_NOT_PUBLISHED naming the status',
    (status) => {
      const error = thrown(() => newSession({ ...PLAN, status }, CreateSessionInput.parse(INPUT), NOW));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        status: 409,
        code: 'PLAN_NOT_PUBLISHED',
        details: [{ field: 'status', currentStatus: status }],
      });
    },
  );

  it("refuses a start or end outside the plan's year with 422 SESSION_OUTSIDE_PLAN_YEAR naming it", () => {
    const lateEnd = { ...INPUT, endDate: '2027-01-02' };
    expect(thrown(() => newSession(PLAN, CreateSessionInput.parse(lateEnd), NOW))).toMatchObject({
      status: 422,
      code: 'SESSION_OUTSIDE_PLAN_YEAR',
      details: [{ field: 'endDate', planYear: 2026 }],
    });
    const nextYear = { ...INPUT, startDate: '2027-01-04', endDate: '2027-01-05' };
    expect(thrown(() => newSession(PLAN, CreateSessionInput.parse(nextYear), NOW))).toMatchObject({
      status: 422,
      code: 'SESSION_OUTSIDE_PLAN_YEAR',
      details: [{ field: 'startDate' }, { field: 'endDate' }],
    });
  });

  it('accepts a session on the first and last days of the plan year', () => {
    const early = {
      ...INPUT,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      registrationDeadline: '2026-01-01',
    };
    const atNewYear = new Date('2025-12-31T16:00:00.000Z'); // 2026-01-01 00:00 in Beijing
    expect(newSession(PLAN, CreateSessionInput.parse(early), atNewYear)).toMatchObject(early);
  });

  it('refuses a deadline before today (Beijing) with 422 DEADLINE_PASSED, and takes today', () => {
    const yesterday = { ...INPUT, registrationDeadline: '2026-11-19' };
    expect(thrown(() => newSession(PLAN, CreateSessionInput.parse(yesterday), NOW))).toMatchObject({
      status: 422,
      code: 'DEADLINE_PASSED',
      details: [{ field: 'registrationDeadline', today: '2026-11-20' }],
    });
    const today = { ...INPUT, registrationDeadline: '2026-11-20' };
    expect(newSession(PLAN, CreateSessionInput.parse(today), NOW).registrationDeadline).toBe('2026-11-20');
  });

  it("judges the deadline by Beijing's date, a day ahead of UTC from 16:00", () => {
    const on20 = CreateSessionInput.parse({ ...INPUT, registrationDeadline: '2026-11-20' });
    expect(newSession(PLAN, on20, new Date('2026-11-20T15:59:59.000Z')).registrationDeadline).toBe(
      '2026-11-20',
    );
    expect(thrown(() => newSession(PLAN, on20, new Date('2026-11-20T16:00:00.000Z')))).toMatchObject({
      code: 'DEADLINE_PASSED',
    });
  });
});

describe('who may change a session', () => {
  it('lets the host organization through', () => {
    const mine = session();
    expect(ownedSession(HOST, mine, mine.id)).toBe(mine);
  });

  it('refuses another host, and a trainee of the same organization, with 403', () => {
    expect(thrown(() => ownedSession(OTHER_HOST, session(), 'ses_1'))).toMatchObject({ status: 403 });
    expect(thrown(() => ownedSession(TRAINEE, session(), 'ses_1'))).toMatchObject({ status: 403 });
  });

  it('answers an unknown id with 404 naming it, for owners and readers alike', () => {
    expect(thrown(() => ownedSession(HOST, undefined, 'ses_gone'))).toMatchObject({
      status: 404,
      message: expect.stringContaining('ses_gone'),
    });
    expect(thrown(() => foundSession(undefined, 'ses_gone'))).toMatchObject({ status: 404 });
  });
});

describe('applySessionPatch', () => {
  it('returns only the patched fields and the time of the edit', () => {
    expect(applySessionPatch(session(), { title: '新标题', capacity: null }, LATER)).toEqual({
      title: '新标题',
      capacity: null,
      updatedAt: LATER.toISOString(),
    });
  });

  it('accepts dates that are consistent with the stored ones', () => {
    const fields = applySessionPatch(session(), { registrationDeadline: '2026-12-07' }, LATER);
    expect(fields.registrationDeadline).toBe('2026-12-07');
  });

  it('refuses a new start before the stored deadline with 400 naming registrationDeadline', () => {
    const error = thrown(() => applySessionPatch(session(), { startDate: '2026-11-25' }, LATER));
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'registrationDeadline', message: expect.anything() }],
    });
  });

  it('refuses a new end before the stored start with 400 naming endDate', () => {
    const error = thrown(() => applySessionPatch(session(), { endDate: '2026-12-06' }, LATER));
    expect(error).toMatchObject({ status: 400, details: [{ field: 'endDate' }] });
  });

  it('accepts moving all three dates together even past the stored ones', () => {
    const dates = { startDate: '2026-12-20', endDate: '2026-12-22', registrationDeadline: '2026-12-15' };
    expect(applySessionPatch(session(), dates, LATER)).toMatchObject(dates);
  });

  it("refuses moving a date out of the plan's year with 422 SESSION_OUTSIDE_PLAN_YEAR", () => {
    expect(thrown(() => applySessionPatch(session(), { endDate: '2027-01-03' }, LATER))).toMatchObject({
      status: 422,
      code: 'SESSION_OUTSIDE_PLAN_YEAR',
      details: [{ field: 'endDate' }],
    });
    const dates = { startDate: '2027-01-10', endDate: '2027-01-12', registrationDeadline: '2027-01-05' };
    expect(thrown(() => applySessionPatch(session(), dates, LATER))).toMatchObject({
      code: 'SESSION_OUTSIDE_PLAN_YEAR',
      details: [{ field: 'startDate' }, { field: 'endDate' }],
    });
  });

  it('still edits a session whose deadline has passed', () => {
    const closed = session({ registrationDeadline: '2026-11-30' });
    const afterDeadline = new Date('2026-12-03T02:00:00.000Z');
    expect(applySessionPatch(closed, { title: '新标题' }, afterDeadline)).toMatchObject({ title: '新标题' });
  });

  it('lets an online session move its deadline past the start, up to the end', () => {
    const online = session({ mode: 'online' });
    expect(applySessionPatch(online, { registrationDeadline: '2026-12-11' }, LATER)).toMatchObject({
      registrationDeadline: '2026-12-11',
    });
    expect(
      thrown(() => applySessionPatch(online, { registrationDeadline: '2026-12-12' }, LATER)),
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'registrationDeadline' }] });
  });

  it('checks the order against the mode after the patch, which may change too', () => {
    const rolling = session({ mode: 'online', registrationDeadline: '2026-12-09' });
    expect(thrown(() => applySessionPatch(rolling, { mode: 'offline' }, LATER))).toMatchObject({
      status: 400,
      details: [{ field: 'registrationDeadline' }],
    });
    expect(
      applySessionPatch(rolling, { mode: 'blended', registrationDeadline: '2026-12-07' }, LATER),
    ).toMatchObject({ mode: 'blended', registrationDeadline: '2026-12-07' });
    const offline = session({ registrationDeadline: '2026-12-07' });
    expect(
      applySessionPatch(offline, { mode: 'online', registrationDeadline: '2026-12-10' }, LATER),
    ).toMatchObject({ mode: 'online' });
  });

  it('refuses a capacity below the seats taken with 422 naming capacity and the seats', () => {
    const error = thrown(() => applySessionPatch(session({ seatsTaken: 30 }), { capacity: 29 }, LATER));
    expect(error).toMatchObject({
      status: 422,
      code: 'CAPACITY_BELOW_SEATS_TAKEN',
      details: [{ field: 'capacity', seatsTaken: 30 }],
    });
  });

  it('accepts a capacity equal to the seats taken, and unlimited', () => {
    expect(applySessionPatch(session({ seatsTaken: 30 }), { capacity: 30 }, LATER).capacity).toBe(30);
    expect(applySessionPatch(session({ seatsTaken: 30 }), { capacity: null }, LATER).capacity).toBeNull();
  });
});

describe('assertCapacityFits', () => {
  it.each([
    [10, 10, true],
    [10, 9, true],
    [9, 10, false],
    [null, 1_000, true],
  ] as const)('capacity %s with %s seats taken fits: %s', (capacity, seatsTaken, fits) => {
    const check = () => assertCapacityFits(capacity, seatsTaken);
    if (fits) expect(check).not.toThrow();
    else expect(check).toThrow(/below the 10 seats/);
  });
});

describe('isOpen (Beijing dates)', () => {
  const closingOn26 = { registrationDeadline: '2026-11-26' };

  it('is open through the last second of the deadline day in Beijing', () => {
    expect(isOpen(closingOn26, new Date('2026-11-26T15:59:59.999Z'))).toBe(true);
  });

  it('closes at Beijing midnight, 16:00 UTC', () => {
    expect(isOpen(closingOn26, new Date('2026-11-26T16:00:00.000Z'))).toBe(false);
  });

  it('is open on the deadline day although it is still the day before in UTC', () => {
    expect(isOpen({ registrationDeadline: '2026-11-27' }, new Date('2026-11-26T16:00:00.000Z'))).toBe(true);
    expect(isOpen({ registrationDeadline: '2026-11-27' }, new Date('2026-11-26T15:59:59.000Z'))).toBe(true);
    expect(isOpen({ registrationDeadline: '2026-11-26' }, new Date('2026-11-25T23:00:00.000Z'))).toBe(true);
  });
});

describe('a session with registrations keeps their terms', () => {
  const base = {
    id: 'ses_1',
    planId: 'plan_1',
    hostOrgId: 'org_1',
    hostName: '广西大学',
    year: 2026,
    title: '班次',
    startDate: '2026-12-20',
    endDate: '2026-12-22',
    registrationDeadline: '2026-12-10',
    capacity: 30,
    creditHours: 24,
    subjectType: 'professional' as const,
    mode: 'offline' as const,
    city: '南宁',
    seatsTaken: 3,
    waitlistLength: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
  };
  const now = new Date('2026-11-20T00:00:00Z');

  it('refuses new credit hours or an end date in another year once anyone registered (409)', () => {
    expect(() => applySessionPatch(base, { creditHours: 30 }, now)).toThrow(
      expect.objectContaining({ status: 409, code: 'SESSION_HAS_REGISTRATIONS' }),
    );
    // A session stored before the plan-year rule, ending in the next year.
    const acrossTheYear = { ...base, endDate: '2027-01-02' };
    expect(() => applySessionPatch(acrossTheYear, { endDate: '2026-12-31' }, now)).toThrow(
      expect.objectContaining({ status: 409, code: 'SESSION_HAS_REGISTRATIONS' }),
    );
  });

  it('allows the same hours, an end date in the same year, and any change before anyone registered', () => {
    expect(applySessionPatch(base, { creditHours: 24, endDate: '2026-12-23' }, now)).toMatchObject({
      endDate: '2026-12-23',
    });
    expect(applySessionPatch({ ...base, seatsTaken: 0 }, { creditHours: 30 }, now)).toMatchObject({
      creditHours: 30,
    });
  });
});
