/**
 * Recording a batch of assessment results: the whole batch is checked before anything is
 * written; then each result is its own transaction (registration and ledger entry; the first
 * result of the session also marks it held), retried on a lost race, and every pass has its
 * completion certificate, issued once. The counters follow from the registrations' images
 * (functions/counters).
 */

import type { Actor } from '#shared/domain/actor';
import { badRequest } from '#shared/domain/errors';
import type { Organization } from '#shared/domain/organizations/schemas';
import {
  assertAllOfSession,
  assertSessionEnded,
  ledgerEntryFor,
  resultChange,
} from '#shared/domain/registrations/registration';
import type { Registration, ResultsInput } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { retryOnConflict } from '#shared/store/optimistic';
import { recordResultOnce } from '#shared/store/registration-changes';
import { getRegistration, getRegistrations } from '#shared/store/registrations';
import { isSessionHeld } from '#shared/store/sessions';
import { ensureCompletionCertificate } from '#shared/use-cases/certificates/issuance';

type Result = ResultsInput['results'][number];

/** The session of a batch, and whether it is known to have a result (the first one marks it held). */
interface SessionHeld {
  session: Session;
  held: boolean;
}

async function recordOne(
  found: Registration,
  result: Result,
  actor: Actor,
  now: Date,
  of: SessionHeld,
): Promise<Registration> {
  let current = found;
  return retryOnConflict(async () => {
    const change = resultChange(current, result.passed);
    if (change === 'unchanged') return current;
    const entry = change === 'pass' ? ledgerEntryFor(current, now) : undefined;
    try {
      const recorded = await recordResultOnce(
        current,
        result,
        actor.userId,
        now,
        entry,
        of.held ? undefined : of.session,
      );
      of.held = true;
      return recorded;
    } catch (error) {
      // Lost a race: decide again on what is stored now.
      current = (await getRegistration(current.id)) ?? current;
      throw error;
    }
  });
}

export async function recordResults(
  session: Session,
  issuer: Organization,
  results: readonly Result[],
  actor: Actor,
  now: Date,
): Promise<Registration[]> {
  const ids = results.map((result) => result.registrationId);
  if (new Set(ids).size !== ids.length) {
    throw badRequest(MESSAGES.registrations.duplicateInBatch(), [
      { field: 'results', message: aboutField('results', MESSAGES.registrations.duplicateRegistrationId()) },
    ]);
  }
  assertSessionEnded(session, now);
  const found = await getRegistrations(ids);
  assertAllOfSession(session.id, ids, found, 'results');
  // Refuse the whole batch before writing anything if any result contradicts a recorded one.
  for (const result of results) resultChange(found.get(result.registrationId) as Registration, result.passed);

  const recorded: Registration[] = [];
  const of: SessionHeld = { session, held: await isSessionHeld(session.id) };
  for (const result of results) {
    const registration = await recordOne(
      found.get(result.registrationId) as Registration,
      result,
      actor,
      now,
      of,
    );
    // Also for a pass recorded before: a certificate lost to a crash is issued on the retry.
    if (registration.status === 'completed') await ensureCompletionCertificate(registration, issuer, now);
    recorded.push(registration);
  }
  return recorded;
}
