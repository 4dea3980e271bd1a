import * as z from 'zod/mini';
import * as MESSAGES from '#shared/i18n/messages';
import { schemaMessage } from '#shared/i18n/zod-issues';
import { id, instant, programYearText, shortText } from '../common';
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
