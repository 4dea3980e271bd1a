import { creditRequirement } from '#shared/config/credits';
import { notFound } from '#shared/domain/errors';
import { summarizeCredits } from '#shared/domain/trainees/ledger';
import { createHttpHandler } from '#shared/http/handler';
import { TRAINEES_ROUTES } from '#shared/routes/trainees';
import { ledgerEntries } from '#shared/store/ledger';
import { getTraineeProfile, putTraineeProfile } from '#shared/store/trainees';

// Every route here is the caller's own: the trainee's id is their sign-in `sub`, and the owner is
// the one reader who sees the ID number in full.
export const handler = createHttpHandler(TRAINEES_ROUTES, {
  putMyProfile: async ({ principal, body, now }) => {
    const profile = { traineeId: principal.userId, ...body, updatedAt: now.toISOString() };
    await putTraineeProfile(profile);
    return profile;
  },
  getMyProfile: async ({ principal }) => {
    const profile = await getTraineeProfile(principal.userId);
    if (!profile) {
      throw notFound('You have no trainee profile yet: PUT /trainees/me first', 'PROFILE_NOT_FOUND');
    }
    return profile;
  },
  getMyCredits: async ({ principal, query }) =>
    summarizeCredits(query.year, await ledgerEntries(principal.userId, query.year), creditRequirement()),
});
