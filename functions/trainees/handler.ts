import { creditRequirement } from '#shared/config/credits';
import { beijingDate, yearOf } from '#shared/domain/dates';
import { notFound } from '#shared/domain/errors';
import { summarizeCredits } from '#shared/domain/trainees/ledger';
import {
  assertCertifiedFieldsKept,
  certifiedFieldsChanged,
  idNumberInUse,
  profileFrom,
} from '#shared/domain/trainees/profile';
import { createHttpHandler } from '#shared/http/handler';
import * as MESSAGES from '#shared/i18n/messages';
import { TRAINEES_ROUTES } from '#shared/routes/trainees';
import { listHolderCertificates } from '#shared/store/certificates';
import { ledgerEntries } from '#shared/store/ledger';
import { retryOnConflict } from '#shared/store/optimistic';
import { getTraineeProfile, saveTraineeProfile } from '#shared/store/trainees';
import { traineeLedger } from '#shared/use-cases/trainees/ledger';

/** Whether any certificate, of completion or technical, names the trainee as its holder. */
const holdsCertificate = async (traineeId: string) =>
  (await listHolderCertificates(traineeId, 1)).items.length > 0;

// Every route here is the caller's own: the trainee's id is their sign-in `sub`, and the owner is
// the one reader who sees the ID number in full.
export const handler = createHttpHandler(TRAINEES_ROUTES, {
  putMyProfile: async ({ principal, body, now }) => {
    const profile = profileFrom(principal.userId, body, principal, now);
    return retryOnConflict(async () => {
      const previous = await getTraineeProfile(principal.userId);
      // Certificates are read only when a certified field would change: most saves change neither.
      const certified =
        certifiedFieldsChanged(previous, profile).length > 0 && (await holdsCertificate(principal.userId));
      assertCertifiedFieldsKept(previous, profile, certified);
      if (!(await saveTraineeProfile(profile, previous))) throw idNumberInUse();
      return profile;
    });
  },
  getMyProfile: async ({ principal }) => {
    const profile = await getTraineeProfile(principal.userId);
    if (!profile) {
      throw notFound(MESSAGES.trainees.noProfile(), 'PROFILE_NOT_FOUND');
    }
    return profile;
  },
  getMyCredits: async ({ principal, query }) =>
    summarizeCredits(query.year, await ledgerEntries(principal.userId, query.year), creditRequirement()),
  getMyLedger: ({ principal, query, now }) =>
    traineeLedger(principal.userId, query.year ?? yearOf(beijingDate(now)), query.limit, query.cursor),
});
