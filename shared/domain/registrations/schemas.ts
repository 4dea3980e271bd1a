import * as z from 'zod/mini';
import { built, calendarDate, id, instant, mineText, page, pagination } from '../common';
import { SESSION_MODES, SUBJECT_TYPES } from '../sessions/kinds';
import { REGISTRATION_STATUSES } from './statuses';

export const RegistrationIdPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ registrationId: id }));
export const SessionRegistrationsPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ sessionId: id }));

export const ListMyRegistrationsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      mine: mineText,
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'ListMyRegistrationsQuery' }),
);
export const RosterQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ ...pagination }).register(z.globalRegistry, { id: 'RosterQuery' }),
);

export const Registration = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      sessionId: id,
      planId: id,
      hostOrgId: id,
      hostName: z
        .string()
        .check(z.describe("The host organization's name, as the session named it at registration")),
      traineeId: z.string(),
      status: z.enum(REGISTRATION_STATUSES),
      waitlistPosition: z
        .optional(z.int().check(z.gte(1)))
        .check(z.describe('Place in the queue when waitlisted; never changes')),
      waitlistPlace: z
        .optional(z.int().check(z.gte(1)))
        .check(
          z.describe(
            'While waitlisted: 1 = next in line (1 + those still waiting ahead), computed when read',
          ),
        ),
      traineeName: z.string(),
      idNumberMasked: z.string(),
      employer: z.string(),
      sessionTitle: z.string(),
      year: z.int().check(z.describe("Year of the session's end date: the ledger year of its hours")),
      planYear: z.optional(z.int()).check(z.describe("The plan's year: the report its figures count in")),
      creditHours: z.number(),
      subjectType: z.enum(SUBJECT_TYPES),
      registeredAt: instant,
      confirmedAt: z.optional(instant),
      cancelledAt: z.optional(instant),
      result: z.optional(
        z.object({
          passed: z.boolean(),
          score: z.optional(z.number()),
          recordedAt: instant,
          recordedBy: z.string(),
        }),
      ),
      updatedAt: instant,
    })
    .register(z.globalRegistry, { id: 'Registration' }),
);
export type Registration = z.infer<typeof Registration>;

/** A registration as stored: those made before names were kept lack `hostName` (../host-names). */
export const StoredRegistration = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(Registration), { hostName: z.optional(z.string()) }),
);
export type StoredRegistration = z.infer<typeof StoredRegistration>;

export const RegistrationPage = /* @__PURE__ */ z.lazy(() => page(Registration, 'RegistrationPage'));

/** What a trainee needs to show up at a registration's session (./my-registrations.ts). */
export const RegisteredSession = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      title: z.string(),
      startDate: z.optional(calendarDate),
      endDate: z.optional(calendarDate),
      city: z.optional(z.string()),
      location: z.optional(z.string()),
      mode: z.optional(z.enum(SESSION_MODES)),
      hostName: z.string(),
    })
    .check(
      z.describe(
        'The session as it stands now; only its title and host (as the registration recorded them) when it is no longer stored',
      ),
    )
    .register(z.globalRegistry, { id: 'RegisteredSession' }),
);

/** One of a trainee's own registrations, with its session's dates and place. */
export const MyRegistration = /* @__PURE__ */ z.lazy(() =>
  z
    .extend(built(Registration), { session: RegisteredSession })
    .register(z.globalRegistry, { id: 'MyRegistration' }),
);
export type MyRegistration = z.infer<typeof MyRegistration>;

export const MyRegistrationPage = /* @__PURE__ */ z.lazy(() => page(MyRegistration, 'MyRegistrationPage'));

export const AttendanceInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      date: calendarDate.check(z.describe('A day of the session')),
      present: z
        .array(id)
        .check(z.maxLength(5000), z.describe('Registrations present that day; replaces that day’s list')),
    })
    .register(z.globalRegistry, { id: 'AttendanceInput' }),
);
export type AttendanceInput = z.infer<typeof AttendanceInput>;

export const Attendance = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      sessionId: id,
      date: calendarDate,
      present: z.array(id),
      recordedAt: instant,
      recordedBy: z.string(),
    })
    .register(z.globalRegistry, { id: 'Attendance' }),
);
export type Attendance = z.infer<typeof Attendance>;

export const ResultsInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      results: z
        .array(
          z.strictObject({
            registrationId: id,
            passed: z.boolean(),
            score: z.optional(z.number().check(z.gte(0), z.lte(100))),
          }),
        )
        .check(z.minLength(1), z.maxLength(200)),
    })
    .register(z.globalRegistry, { id: 'ResultsInput' }),
);
export type ResultsInput = z.infer<typeof ResultsInput>;

export const ResultsRecorded = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      items: z.array(Registration).check(z.describe('The registrations as they stand after the results')),
    })
    .register(z.globalRegistry, { id: 'ResultsRecorded' }),
);
