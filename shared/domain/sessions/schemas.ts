import * as z from 'zod';
import {
  booleanText,
  calendarDate,
  id,
  instant,
  page,
  pagination,
  programYearText,
  shortText,
} from '../common';

export const SUBJECT_TYPES = ['public-compulsory', 'public-elective', 'professional'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const SESSION_MODES = ['online', 'offline', 'blended'] as const;

const capacity = z
  .int()
  .min(1)
  .max(1_000_000)
  .nullable()
  .describe('Seats; null for unlimited (e.g. online courseware)');
const creditHours = z
  .number()
  .positive()
  .max(500)
  .multipleOf(0.5)
  .describe('Credit hours (学时) a pass awards, in steps of 0.5');

const sessionFields = {
  title: shortText(200),
  startDate: calendarDate,
  endDate: calendarDate,
  registrationDeadline: calendarDate.describe('Last Beijing date on which trainees may register'),
  capacity: capacity.default(null),
  creditHours,
  subjectType: z.enum(SUBJECT_TYPES),
  mode: z.enum(SESSION_MODES),
  city: shortText(50),
  location: shortText(200).optional(),
};

export interface SessionDates {
  startDate: string;
  endDate: string;
  registrationDeadline: string;
}

/** registrationDeadline ≤ startDate ≤ endDate, each violation naming its field. */
export function sessionDateIssues(dates: SessionDates): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (dates.registrationDeadline > dates.startDate) {
    issues.push({
      path: ['registrationDeadline'],
      message: 'The registration deadline must be on or before the start date',
    });
  }
  if (dates.endDate < dates.startDate) {
    issues.push({ path: ['endDate'], message: 'The end date must be on or after the start date' });
  }
  return issues;
}

export const CreateSessionInput = z
  .strictObject(sessionFields)
  .superRefine((session, ctx) => {
    for (const issue of sessionDateIssues(session)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .meta({ id: 'CreateSessionInput' });
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const UpdateSessionInput = z
  .strictObject({
    title: sessionFields.title.optional(),
    startDate: calendarDate.optional(),
    endDate: calendarDate.optional(),
    registrationDeadline: calendarDate.optional(),
    capacity: capacity.optional(),
    creditHours: creditHours.optional(),
    mode: sessionFields.mode.optional(),
    city: sessionFields.city.optional(),
    location: sessionFields.location,
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change: send at least one field' })
  .meta({ id: 'UpdateSessionInput' });
export type UpdateSessionInput = z.infer<typeof UpdateSessionInput>;

export const SessionIdPath = z.strictObject({ sessionId: id });

export const ListSessionsQuery = z
  .strictObject({
    year: programYearText.optional(),
    planId: id.optional(),
    open: booleanText
      .optional()
      .describe('true: only sessions whose registration deadline is today or later'),
    ...pagination,
  })
  .meta({ id: 'ListSessionsQuery' });
export type ListSessionsQuery = z.infer<typeof ListSessionsQuery>;

export const Session = z
  .object({
    id,
    planId: id,
    hostOrgId: id,
    year: z.int().describe("The plan's year"),
    title: z.string(),
    startDate: calendarDate,
    endDate: calendarDate,
    registrationDeadline: calendarDate,
    capacity: z.int().nullable(),
    creditHours: z.number(),
    subjectType: z.enum(SUBJECT_TYPES),
    mode: z.enum(SESSION_MODES),
    city: z.string(),
    location: z.string().optional(),
    seatsTaken: z.int().min(0),
    waitlistLength: z.int().min(0),
    createdAt: instant,
    updatedAt: instant,
    /** Bumped by every edit of the session's own fields (not by registrations), for optimistic locking. */
    version: z.int(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const SessionPage = page(Session, 'SessionPage');
