/**
 * One reminder mail, as it travels on the mail queue: who, what kind, about what, for which due
 * date, and the facts its template needs. `sentKey` is what makes it send once.
 */
import * as z from 'zod/mini';
import { calendarDate } from '../common';

const base = {
  to: /* @__PURE__ */ z.lazy(() => z.email()),
  dueDate: calendarDate,
  /** Who is reminded (a trainee id, an organization id, or `admin`). */
  person: /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(200))),
  /** What the reminder is about (a session id, an organization and year, a year). */
  subject: /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(200))),
};

/**
 * The host of a session and its contact, for a trainee to ask; read once per session when its
 * reminders are collected. Optional: reminders queued before hosts were named still send.
 */
export const SessionHost = /* @__PURE__ */ z.lazy(() =>
  z.object({ name: z.string(), contactEmail: z.optional(z.string()) }),
);
export type SessionHost = z.infer<typeof SessionHost>;

export const ReminderMessage = /* @__PURE__ */ z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      ...base,
      kind: z.literal('session-starting'),
      data: z.object({
        traineeName: z.string(),
        sessionTitle: z.string(),
        startDate: calendarDate,
        endDate: calendarDate,
        place: z.string(),
        daysBefore: z.int(),
        registrationId: z.string(),
        host: z.optional(SessionHost),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('waitlist-deadline'),
      data: z.object({
        traineeName: z.string(),
        sessionTitle: z.string(),
        registrationDeadline: calendarDate,
        /** 1 = next in line, counted when the reminder is collected. */
        waitlistPlace: z.int(),
        registrationId: z.string(),
        host: z.optional(SessionHost),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('results-overdue'),
      data: z.object({
        orgName: z.string(),
        sessionTitle: z.string(),
        endDate: calendarDate,
        sessionId: z.string(),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('annual-report-due'),
      data: z.object({
        orgName: z.string(),
        year: z.int(),
        dueDate: calendarDate,
        daysLeft: z.int(),
        orgId: z.string(),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('annual-report-overdue'),
      data: z.object({
        orgName: z.string(),
        year: z.int(),
        dueDate: calendarDate,
        orgId: z.string(),
        toAdmin: z.boolean(),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('credit-shortfall'),
      data: z.object({
        traineeName: z.string(),
        year: z.int(),
        total: z.number(),
        professional: z.number(),
        requiredTotal: z.number(),
        requiredProfessional: z.number(),
      }),
    }),
  ]),
);
export type ReminderMessage = z.infer<typeof ReminderMessage>;
export type ReminderKind = ReminderMessage['kind'];

/** Person, kind, subject and due date: the same reminder twice has the same key. */
export const sentKey = (message: Pick<ReminderMessage, 'person' | 'kind' | 'subject' | 'dueDate'>) =>
  `${message.person}#${message.kind}#${message.subject}#${message.dueDate}`;
