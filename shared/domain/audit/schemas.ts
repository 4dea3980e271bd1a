/**
 * The audit trail of personal data (docs/api.md, "Rosters and the audit trail"): who read full ID
 * numbers of others, when, and what. Entries are appended and never changed.
 */
import * as z from 'zod/mini';
import { calendarDate, id, instant, page, pagination, shortText } from '../common';

/** What an entry records; one action today, the export that carries full ID numbers. */
export const AUDIT_ACTIONS = ['national-roster-export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntry = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      at: instant,
      actor: z.string().check(z.describe("Who acted: the user id (the sign-in's `sub`)")),
      actorName: z.string().check(z.describe("The sign-in's `name` claim, or the user id without one")),
      action: z.enum(AUDIT_ACTIONS),
      target: z.string().check(z.describe('What was read, e.g. `session:<sessionId>`')),
      detail: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .check(z.describe('What else tells the act apart, e.g. `{"format": "xlsx", "rows": 42}`')),
    })
    .register(z.globalRegistry, { id: 'AuditEntry' }),
);
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = /* @__PURE__ */ z.lazy(() => page(AuditEntry, 'AuditPage'));

export const AuditQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      from: z.optional(calendarDate).check(z.describe('First Beijing date; by default 29 days before `to`')),
      to: z
        .optional(calendarDate)
        .check(z.describe('Last Beijing date; by default today (at most 366 days)')),
      actor: z.optional(shortText(128)).check(z.describe('Only what this user id did')),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'AuditQuery' }),
);
export type AuditQuery = z.infer<typeof AuditQuery>;
