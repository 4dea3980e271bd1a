import * as z from 'zod/mini';
import * as MESSAGES from '#shared/i18n/messages';
import { schemaMessage } from '#shared/i18n/zod-issues';
import { calendarDate, id, instant, page, pagination, programYearText, shortText } from '../common';
import { SUBJECT_TYPES } from '../sessions/kinds';
import { isValidIdNumber } from './id-number';

export const TraineeProfileInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      name: shortText(50),
      idNumber: z
        .string()
        .check(
          z.trim(),
          z.toUpperCase(),
          z.refine(isValidIdNumber, schemaMessage(MESSAGES.trainees.invalidIdNumber())),
          z.describe('Resident ID number (居民身份证号码), 18 characters; shown in full only to its owner'),
        ),
      employer: shortText(200),
      city: shortText(50),
      email: z.email().check(z.maxLength(254)),
    })
    .register(z.globalRegistry, { id: 'TraineeProfileInput' }),
);
export type TraineeProfileInput = z.infer<typeof TraineeProfileInput>;

export const TraineeProfile = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      traineeId: z.string(),
      name: z.string(),
      idNumber: z
        .string()
        .check(z.describe('In full only in GET /trainees/me; masked (4501**********1234) anywhere else')),
      employer: z.string(),
      city: z.string(),
      email: z.string(),
      updatedAt: instant,
    })
    .register(z.globalRegistry, { id: 'TraineeProfile' }),
);
export type TraineeProfile = z.infer<typeof TraineeProfile>;

export const CreditsQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ year: programYearText }).register(z.globalRegistry, { id: 'CreditsQuery' }),
);

export const Credits = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      year: z.int(),
      publicCompulsory: z.number(),
      publicElective: z.number(),
      professional: z.number(),
      total: z.number(),
      requiredTotal: z.number(),
      requiredProfessional: z.number(),
      met: z.boolean(),
    })
    .register(z.globalRegistry, { id: 'Credits' }),
);
export type Credits = z.infer<typeof Credits>;

/** One passed registration in the credit-hour ledger (学时). */
export const LedgerEntry = /* @__PURE__ */ z.lazy(() =>
  z.object({
    traineeId: z.string(),
    year: z.int(),
    registrationId: id,
    sessionId: id,
    sessionTitle: z.string(),
    /** The session's host, copied from the registration; entries written before lack both. */
    hostOrgId: z.optional(id),
    hostName: z.optional(z.string()),
    subjectType: z.enum(SUBJECT_TYPES),
    hours: z.number(),
    recordedAt: instant,
    reverses: z.optional(
      z
        .object({ certificateNumber: z.string(), recordedAt: instant })
        .check(
          z.describe(
            'On a reversing entry (negative hours): the revoked certificate and when the entry it takes back was recorded',
          ),
        ),
    ),
  }),
);
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: z
        .optional(programYearText)
        .check(z.describe('Program year; the current Beijing year when absent')),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'LedgerQuery' }),
);

/**
 * One entry of a trainee's ledger as they read it. The items mirror the stored entries one for
 * one, reversals included, so a year's hours add up to its credits' total.
 */
export const LedgerItem = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      date: calendarDate.check(
        z.describe(
          'Beijing date the entry was recorded: the pass (hours awarded), or for a reversing entry the revocation',
        ),
      ),
      sessionId: id,
      title: z.string().check(z.describe("The session's title")),
      hostName: z.string().check(z.describe("The session's host organization")),
      subjectType: z.enum(SUBJECT_TYPES).check(z.describe('Label in GET /public/labels, `subjectTypes`')),
      hours: z
        .number()
        .check(
          z.describe(
            "What the entry adds to the year's credits: positive for a pass, negative for the reversing entry " +
              'of a revoked completion certificate. The hours of all items of a year add up to the `total` ' +
              'of GET /trainees/me/credits for that year.',
          ),
        ),
      certificateNumber: z.optional(
        z
          .string()
          .check(
            z.describe(
              'The completion certificate of the pass (on a reversing entry, the one revoked); absent while none was issued',
            ),
          ),
      ),
      reversed: z
        .boolean()
        .check(
          z.describe(
            'True on a pass whose certificate was revoked and on the reversing entry that takes its hours back ' +
              '(together they add up to zero); false on a pass that stands',
          ),
        ),
    })
    .register(z.globalRegistry, { id: 'LedgerItem' }),
);
export type LedgerItem = z.infer<typeof LedgerItem>;

/** Oldest entry first; a reversal comes after the pass it takes back. */
export const LedgerPage = /* @__PURE__ */ z.lazy(() => page(LedgerItem, 'LedgerPage'));
