/**
 * Claiming a place in a session without a transaction on the session item (docs/adr/0008): a
 * single-item update of the session takes a seat or a waitlist ticket and marks the claim pending
 * under the registration's id, the registration is put under that id, and the pending mark is
 * cleared. The id is derived from the session, the trainee and a generation, so the registration's
 * own key says "one active registration per trainee and session", and a retry after any crash
 * (whatever key it carries) claims under the same id and finds what the first run took.
 * These are the rules; shared/store/registering.ts makes the writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Registration } from './schemas';
import { newcomerWaits } from './waitlist';

/**
 * The request's key as a registration records it: the caller and the `Idempotency-Key` hashed
 * together, so one caller's key never matches another's, and the key itself is not stored beside
 * the registration. Undefined without a key: such a request recognises no earlier one as its own.
 */
export function claimKeyOf(callerId: string, idempotencyKey: string | undefined): string | undefined {
  if (idempotencyKey === undefined || idempotencyKey === '') return undefined;
  return createHash('sha256').update(`${callerId}\n${idempotencyKey}`).digest('base64url');
}

/** Base-32 digits of an id, as many as newId's (shared/domain/ids.ts) so the two look alike. */
const ID_DIGITS = 25;

/**
 * The id of the trainee's registration for the session in `generation` (0 first; one more after
 * each cancellation): 125 bits of a SHA-256, far too many to ever collide, in newId's lowercase
 * base 32. Two requests of one trainee therefore write the same key, and the store's
 * `attribute_not_exists` lets one in.
 */
export function registrationIdOf(sessionId: string, traineeId: string, generation: number): string {
  const digest = createHash('sha256')
    .update(`registration\n${sessionId}\n${traineeId}\n${generation}`)
    .digest('hex');
  const bits = BigInt(`0x${digest.slice(0, 32)}`) >> BigInt(128 - ID_DIGITS * 5);
  return `reg_${bits.toString(32).padStart(ID_DIGITS, '0')}`;
}

/**
 * How much of a key hash a registration keeps: 128 bits, against a guessed key as good as the
 * whole hash, and few enough bytes that a registration stays within one write unit (a KB).
 */
const KEY_HASH_CHARS = 22;

/** The key hash as a registration stores it beside itself. */
export const storedKeyHash = (keyHash: string | undefined) => keyHash?.slice(0, KEY_HASH_CHARS);

/**
 * What stands under an id a request would write: a registration as stored (with the `keyHash` of
 * the request that wrote it, when it sent a key), or a legacy guard's registration with the
 * guard's `keyHash`.
 */
export interface Holder {
  status: Registration['status'];
  keyHash?: string | undefined;
}

/**
 * What a request (with `keyHash`, or none) does on meeting `holder`:
 * - `free`: nothing there: claim under this id;
 * - `next`: a cancelled registration: the trainee may register again, under the next generation;
 * - `replay`: an active registration written with this request's key: answer it (201);
 * - `taken`: any other active registration: 409 ALREADY_REGISTERED.
 */
export function meeting(holder: Holder | undefined, keyHash: string | undefined) {
  if (holder === undefined) return 'free';
  if (holder.status === 'cancelled') return 'next';
  // Compared on what a registration keeps of it; a legacy guard kept the whole hash.
  const own = keyHash !== undefined && storedKeyHash(holder.keyHash) === storedKeyHash(keyHash);
  return own ? 'replay' : 'taken';
}

/**
 * What the session update took for a claim, as the pending mark stores it: a seat, as
 * `seat@<registeredAt>#<nonce>` (the time of the request that took it, which the registration
 * keeps, and a nonce telling two seats of one id apart), or a ticket, as its position (unique in
 * the session). `fresh` when this request's update took it; not when it found it taken by an
 * earlier run (a crash, or a double submit sharing it).
 */
export type ClaimTaken =
  | { kind: 'seat'; mark: string; fresh: boolean }
  | { kind: 'ticket'; position: number; place?: number | undefined; fresh: boolean };

/** The pending mark of a seat taken by a request registering at `registeredAt`. */
export const seatMark = (registeredAt: string, nonce = randomBytes(6).toString('base64url')) =>
  `seat@${registeredAt}#${nonce}`;

/** The claim a pending mark found on the session names (not fresh), or undefined when none. */
export function claimOfMark(mark: unknown): ClaimTaken | undefined {
  if (typeof mark === 'number') return { kind: 'ticket', position: mark, fresh: false };
  if (typeof mark === 'string' && mark.startsWith('seat')) return { kind: 'seat', mark, fresh: false };
  return undefined;
}

/** The value a claim's pending mark holds. */
export const markOf = (claim: ClaimTaken): string | number =>
  claim.kind === 'seat' ? claim.mark : claim.position;

const registeredAtOf = (mark: string) => /^seat@(.+)#/.exec(mark)?.[1];

/**
 * The registration a claim writes: a ticket waitlisted at its position; a seat confirmed at the
 * time of the request that took it (so one seat claimed by two runs is one registration time,
 * and `wroteClaim` can tell its registration after its `claim` is gone).
 */
export function registrationOfClaim(registration: Registration, claim: ClaimTaken): Registration {
  if (claim.kind === 'ticket') {
    const { confirmedAt: _, ...rest } = registration;
    return { ...rest, status: 'waitlisted', waitlistPosition: claim.position };
  }
  const registeredAt = registeredAtOf(claim.mark) ?? registration.registeredAt;
  return { ...registration, status: 'confirmed', registeredAt, confirmedAt: registeredAt };
}

/** The nonce of a seat's mark: what its registration keeps of it, as `claim`. */
export const seatNonce = (mark: string) => mark.slice(mark.lastIndexOf('#') + 1);

/** What a registration as stored tells of its claim: a seat's nonce (`claim`), a ticket's position. */
export interface StoredClaim {
  claim?: unknown;
  waitlistPosition?: number | undefined;
  registeredAt?: string | undefined;
}

/** The pending mark `stored` was written with, as the session holds it (undefined if unknown). */
export function markOfStored(stored: StoredClaim): string | number | undefined {
  if (typeof stored.claim === 'string' && stored.registeredAt !== undefined) {
    return seatMark(stored.registeredAt, stored.claim);
  }
  return stored.waitlistPosition;
}

/**
 * Whether the registration `stored` under the claim's id was written with this claim. A ticket's
 * position outlives every change of its registration; a seat is told by the stored `claim`, and
 * once a cancellation rewrote the item without it, by the registration time the seat mark holds.
 */
export function wroteClaim(stored: StoredClaim, claim: ClaimTaken): boolean {
  if (claim.kind === 'ticket') return stored.waitlistPosition === claim.position;
  if (stored.claim !== undefined) return stored.claim === seatNonce(claim.mark);
  return stored.waitlistPosition === undefined && stored.registeredAt === registeredAtOf(claim.mark);
}

/**
 * Whether a claim must be given back: this request took it afresh, and the registration already
 * under its id was written with another claim. That happens when a double submit's second request
 * read before the first wrote its registration and claimed after the first cleared its mark: the
 * seat or ticket it took is one too many.
 */
export const claimIsSpare = (stored: StoredClaim, claim: ClaimTaken) =>
  claim.fresh && !wroteClaim(stored, claim);

/** The other kind of claim to try when the session's counts refused one (as they stand now). */
export const claimToTry = (session: Parameters<typeof newcomerWaits>[0]): 'seat' | 'ticket' =>
  newcomerWaits(session) ? 'ticket' : 'seat';
