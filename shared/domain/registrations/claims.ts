/**
 * Claiming a place in a session without a transaction on the session item (docs/adr/0007): the
 * trainee's guard is put first as `claiming`, a single-item update of the session takes a seat or
 * a waitlist ticket and marks the claim pending, the registration is written, and the pending mark
 * is cleared. These are the rules a request meeting a guard follows, so that a retry after any
 * crash finishes or answers the first request's registration and everyone else is told the trainee
 * is registered already.
 */
import { createHash } from 'node:crypto';
import type { Registration } from './schemas';
import { newcomerWaits } from './waitlist';

/**
 * How long a claim holds its guard while it runs: longer than any API function may run (and as
 * long as an idempotency record's lease), so a claim still inside it is one whose request may be
 * alive, and one past it was abandoned by a crash.
 */
export const CLAIM_LEASE_SECONDS = 60;

/**
 * The request's key as a guard records it: the caller and the `Idempotency-Key` hashed together,
 * so one caller's key never matches another's, and the key itself is not stored beside the
 * registration. Undefined without a key: such a request recognises no earlier one as its own.
 */
export function claimKeyOf(callerId: string, idempotencyKey: string | undefined): string | undefined {
  if (idempotencyKey === undefined || idempotencyKey === '') return undefined;
  return createHash('sha256').update(`${callerId}\n${idempotencyKey}`).digest('base64url');
}

/**
 * A guard as stored. A claim's guard stays `claiming`: its registration, once written, is what
 * says the claim is done. Guards put before claims were resumable have no state: done.
 */
export interface GuardState {
  registrationId: string;
  state?: 'claiming' | undefined;
  keyHash?: string | undefined;
  /** When the claim began (ISO instant): its lease runs from here. */
  claimedAt?: string | undefined;
  /** The registration time of the first request, kept by a resumed claim. */
  registeredAt?: string | undefined;
}

const isOwn = (guard: GuardState, keyHash: string | undefined) =>
  keyHash !== undefined && guard.keyHash === keyHash;

function leaseIsOver(guard: GuardState, now: Date): boolean {
  const claimedAt = guard.claimedAt ? Date.parse(guard.claimedAt) : Number.NaN;
  return !Number.isFinite(claimedAt) || now.getTime() - claimedAt >= CLAIM_LEASE_SECONDS * 1000;
}

/**
 * Whether the answer to a request meeting `guard` depends on its registration being written: only
 * for a claim that is the request's own or abandoned (anyone else's live claim is refused unread).
 */
export const guardNeedsItsRegistration = (guard: GuardState, keyHash: string | undefined, now: Date) =>
  guard.state === 'claiming' && (isOwn(guard, keyHash) || leaseIsOver(guard, now));

/**
 * What a request for the same trainee and session does on meeting `guard`, whose registration is
 * `written` or not:
 * - `replay`: written, and the guard carries this request's key: answer that registration;
 * - `resume`: not written, and the claim is this request's own (same key) or abandoned (its lease
 *   is over): finish it, whatever step a crash stopped it at;
 * - `taken`: somebody else's registration or live claim: 409 ALREADY_REGISTERED.
 */
export function meetingGuard(
  guard: GuardState,
  keyHash: string | undefined,
  now: Date,
  written: boolean,
): 'replay' | 'resume' | 'taken' {
  if (guard.state !== 'claiming' || written) return isOwn(guard, keyHash) ? 'replay' : 'taken';
  return isOwn(guard, keyHash) || leaseIsOver(guard, now) ? 'resume' : 'taken';
}

/**
 * The registration a resumed claim writes: the retry's own, under the id and registration time
 * the first request claimed with (a retry after a crash finishes that registration, not another).
 */
export function resumedRegistration(registration: Registration, guard: GuardState): Registration {
  const registeredAt = guard.registeredAt ?? registration.registeredAt;
  return {
    ...registration,
    id: guard.registrationId,
    registeredAt,
    ...(registration.confirmedAt !== undefined ? { confirmedAt: registeredAt } : {}),
  };
}

/** What the single-item update of the session took for a claim. */
export type ClaimTaken = { kind: 'seat' } | { kind: 'ticket'; position: number; place?: number | undefined };

/** The other kind of claim to try when the session's counts refused one (as they stand now). */
export const claimToTry = (session: Parameters<typeof newcomerWaits>[0]): 'seat' | 'ticket' =>
  newcomerWaits(session) ? 'ticket' : 'seat';
