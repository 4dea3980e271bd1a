import * as z from 'zod';
import { booleanText, calendarDate, id, instant, page, pagination } from '../common';
import { SUBJECT_TYPES } from '../sessions/schemas';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'completed', 'failed'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const RegistrationIdPath = z.strictObject({ registrationId: id });
export const SessionRegistrationsPath = z.strictObject({ sessionId: id });

export const ListMyRegistrationsQuery = z
  .strictObject({ mine: booleanText.describe('Must be true: a trainee lists its own'), ...pagination })
  .meta({ id: 'ListMyRegistrationsQuery' });
export const RosterQuery = z.strictObject({ ...pagination }).meta({ id: 'RosterQuery' });

export const Registration = z
  .object({
    id,
    sessionId: id,
    planId: id,
    hostOrgId: id,
    traineeId: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    waitlistPosition: z.int().min(1).optional().describe('Place in the queue when waitlisted; never changes'),
    traineeName: z.string(),
    idNumberMasked: z.string(),
    employer: z.string(),
    sessionTitle: z.string(),
    year: z.int().describe("Year of the session's end date: the ledger year of its hours"),
    planYear: z.int().optional().describe("The plan's year: the report its figures count in"),
    creditHours: z.number(),
    subjectType: z.enum(SUBJECT_TYPES),
    registeredAt: instant,
    confirmedAt: instant.optional(),
    cancelledAt: instant.optional(),
    result: z
      .object({
        passed: z.boolean(),
        score: z.number().optional(),
        recordedAt: instant,
        recordedBy: z.string(),
      })
      .optional(),
    updatedAt: instant,
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof Registration>;

export const RegistrationPage = page(Registration, 'RegistrationPage');

export const AttendanceInput = z
  .strictObject({
    date: calendarDate.describe('A day of the session'),
    present: z.array(id).max(5000).describe('Registrations present that day; replaces that day’s list'),
  })
  .meta({ id: 'AttendanceInput' });
export type AttendanceInput = z.infer<typeof AttendanceInput>;

export const Attendance = z
  .object({
    sessionId: id,
    date: calendarDate,
    present: z.array(id),
    recordedAt: instant,
    recordedBy: z.string(),
  })
  .meta({ id: 'Attendance' });
export type Attendance = z.infer<typeof Attendance>;

export const ResultsInput = z
  .strictObject({
    results: z
      .array(
        z.strictObject({
          registrationId: id,
          passed: z.boolean(),
          score: z.number().min(0).max(100).optional(),
        }),
      )
      .min(1)
      .max(200),
  })
  .meta({ id: 'ResultsInput' });
export type ResultsInput = z.infer<typeof ResultsInput>;

export const ResultsRecorded = z
  .object({ items: z.array(Registration).describe('The registrations as they stand after the results') })
  .meta({ id: 'ResultsRecorded' });
