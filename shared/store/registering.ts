/**
 * Registering for a session without a transaction on the session item (docs/adr/0008-hot-sessions.md):
 * a popular session is one item that every registrant writes, and DynamoDB cancels a transaction
 * touching an item another transaction holds, so registrants queued behind one another in
 * transactions would run out of time. Each step here is one single-item write or a transaction
 * of the trainee's own items only:
 *
 * (a) the guard ACTIVE#<session>#<trainee> is put as `claiming` (if absent), with the registration
 *     id and the hash of the request's caller and Idempotency-Key;
 * (b) one conditional UpdateItem of the session takes a seat (a seat free and nobody waiting) or
 *     else a waitlist ticket (its number and the queue's length, which is the newcomer's place),
 *     and sets `pendingClaim:<registrationId>` on the session to what it took, if not set already;
 * (c) the registration is put (if absent): a single write of the trainee's own item;
 * (d) the pending claim is removed from the session.
 *
 * A crash between any two steps leaves the guard `claiming`, its registration written or not: a
 * retry with the same key (or any request for the trainee once the claim's lease is over) answers
 * the registration when it is written, and otherwise redoes the steps from (b), each of which
 * finds what an earlier run wrote, so a seat is taken once and the registration written once. The
 * pending claim tells a redone (b) whether the seat or ticket was taken and which ticket it was;
 * it lives only between (b) and (d).
 */
import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type PutCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { notFound } from '#shared/domain/errors';
import {
  type ClaimTaken,
  claimToTry,
  type GuardState,
  guardNeedsItsRegistration,
  meetingGuard,
  resumedRegistration,
} from '#shared/domain/registrations/claims';
import { asWaitlisted } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from './optimistic';
import { alreadyRegistered, putRegistration, sessionCondition } from './registration-changes';
import { getRegistration, guardKey } from './registrations';
import { sessionKey } from './sessions';
import { tableName } from './tables';

export interface RegisterOptions {
  /** The request's caller and Idempotency-Key hashed (claimKeyOf); undefined without a key. */
  keyHash?: string | undefined;
  /** The session had no seat for newcomers when read: try for a ticket first. */
  seemsToWait?: boolean | undefined;
  now?: Date | undefined;
}

/** The session attribute holding a claim between (b) and (d): `seat`, or the ticket's number. */
const pendingClaim = (registrationId: string) => `pendingClaim:${registrationId}`;

/** Refusals that are about load, not the request: tried again within the hot item's budget. */
const BUSY = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

/** One step, tried again while DynamoDB is busy or the item is held by another transaction. */
function step<T>(attempt: () => Promise<T>): Promise<T> {
  return retryOnConflict(async () => {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof TransactionConflictException || BUSY.has((error as Error).name)) {
        throw new VersionConflict((error as Error).name);
      }
      throw error;
    }
  }, HOT_ITEM_RETRY);
}

/**
 * Registers `fresh` (a new registration, see newRegistration) for its trainee and session: 201's
 * registration, the one written by an earlier run of the same request when there was one, with
 * the place of a newly waitlisted one. 409 ALREADY_REGISTERED when the trainee holds another.
 */
export async function registerForSession(
  fresh: Registration,
  options: RegisterOptions = {},
): Promise<Registration> {
  const now = options.now ?? new Date();
  let registration = fresh;
  const met = await step(() => putClaimingGuard(fresh, options.keyHash, now));
  if (met) {
    // The registration is read only when it decides: the request's own claim, or an abandoned one.
    const written =
      !guardNeedsItsRegistration(met, options.keyHash, now) ||
      (await getRegistration(met.registrationId)) !== undefined;
    const meeting = meetingGuard(met, options.keyHash, now, written);
    if (meeting === 'taken') throw alreadyRegistered();
    if (meeting === 'replay') return replayed(fresh, met.registrationId);
    // An abandoned claim of another request: made this request's, so no other resumes it too.
    if (met.keyHash !== options.keyHash) await step(() => takeOver(fresh, met, options.keyHash, now));
    registration = resumedRegistration(fresh, met);
  }
  const taken = await claimPlace(registration, options.seemsToWait ? 'ticket' : 'seat');
  const written = taken.kind === 'seat' ? registration : asWaitlisted(registration, taken.position);
  const stored = await step(() => writeRegistration(written));
  await step(() => clearPendingClaim(registration.sessionId, registration.id));
  if (stored !== written || taken.kind === 'seat' || taken.place === undefined) return stored;
  return { ...stored, waitlistPlace: taken.place };
}

/** (a) The guard, claiming: undefined when put, or the guard that was there. */
async function putClaimingGuard(
  registration: Registration,
  keyHash: string | undefined,
  now: Date,
): Promise<GuardState | undefined> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('registrations'),
        Item: {
          ...guardKey(registration.sessionId, registration.traineeId),
          registrationId: registration.id,
          state: 'claiming',
          claimedAt: now.toISOString(),
          registeredAt: registration.registeredAt,
          ...(keyHash !== undefined ? { keyHash } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Gone again between the put and its answer (a cancellation): try the put once more.
    if (!error.Item) throw new VersionConflict('The guard went meanwhile');
    return unmarshall(error.Item) as GuardState;
  }
}

/** An abandoned claim made this request's; 409 when another request took it over first. */
async function takeOver(
  registration: Registration,
  guard: GuardState,
  keyHash: string | undefined,
  now: Date,
): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName('registrations'),
        Key: guardKey(registration.sessionId, registration.traineeId),
        UpdateExpression:
          keyHash !== undefined
            ? 'SET claimedAt = :now, keyHash = :key'
            : 'SET claimedAt = :now REMOVE keyHash',
        ConditionExpression:
          '#state = :claiming AND registrationId = :id AND ' +
          (guard.claimedAt !== undefined ? 'claimedAt = :seen' : 'attribute_not_exists(claimedAt)'),
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':claiming': 'claiming',
          ':id': guard.registrationId,
          ...(keyHash !== undefined ? { ':key': keyHash } : {}),
          ...(guard.claimedAt !== undefined ? { ':seen': guard.claimedAt } : {}),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw alreadyRegistered();
    throw error;
  }
}

/** The registration an earlier run of this request wrote; its pending claim cleared if a crash left it. */
async function replayed(fresh: Registration, registrationId: string): Promise<Registration> {
  const registration = await getRegistration(registrationId);
  if (!registration)
    throw new Error(`Guard of ${fresh.sessionId} names a missing registration ${registrationId}`);
  await step(() => clearPendingClaim(fresh.sessionId, registrationId));
  return registration;
}

/** Flips between seat and ticket allowed to one registrant while seats come and go under it. */
const MOST_FLIPS = 50;

/** (b) A seat or a ticket, whichever the session's counts allow as the update runs. */
async function claimPlace(registration: Registration, first: 'seat' | 'ticket'): Promise<ClaimTaken> {
  let kind = first;
  for (let flip = 0; flip < MOST_FLIPS; flip++) {
    const outcome = await step(() => tryClaim(registration.sessionId, registration.id, kind));
    if (outcome.taken) return outcome.taken;
    kind = outcome.next;
  }
  throw new VersionConflict(`Seats of session ${registration.sessionId} kept moving`);
}

type ClaimTry = { taken: ClaimTaken } | { taken?: undefined; next: 'seat' | 'ticket' };

/**
 * One conditional update for `kind`. When its condition fails, the session as it was tells why:
 * the claim was taken already (an earlier run: its outcome), or the other kind is due.
 */
async function tryClaim(
  sessionId: string,
  registrationId: string,
  kind: 'seat' | 'ticket',
): Promise<ClaimTry> {
  const check = sessionCondition(kind === 'seat' ? 'seat-for-newcomer' : 'newcomer-waits');
  const names = { '#claim': pendingClaim(registrationId), ...check.names };
  const condition = `attribute_exists(pk) AND attribute_not_exists(#claim) AND (${check.text})`;
  try {
    if (kind === 'seat') {
      await db.send(
        new UpdateCommand({
          TableName: tableName('plans'),
          Key: sessionKey(sessionId),
          UpdateExpression: 'ADD #seatsTaken :one SET #claim = :seat',
          ConditionExpression: condition,
          ExpressionAttributeNames: { ...names, '#seatsTaken': 'seatsTaken' },
          ExpressionAttributeValues: { ':one': 1, ':seat': 'seat', ...check.values },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { taken: { kind: 'seat' } };
    }
    // The ticket's number is the counter as it was plus one: read once, in the update itself.
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        UpdateExpression:
          'ADD #waitlistLength :one SET #counter = if_not_exists(#counter, :none) + :one, #claim = if_not_exists(#counter, :none) + :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          ...names,
          '#waitlistLength': 'waitlistLength',
          '#counter': 'waitlistCounter',
        },
        ExpressionAttributeValues: { ':one': 1, ':none': 0, ...check.values },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return {
      taken: {
        kind: 'ticket',
        position: Number(Attributes?.waitlistCounter),
        place: Number(Attributes?.waitlistLength),
      },
    };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!error.Item) throw notFound(MESSAGES.sessions.notFound(sessionId));
    const session = unmarshall(error.Item);
    const earlier = session[pendingClaim(registrationId)];
    if (earlier === 'seat') return { taken: { kind: 'seat' } };
    if (typeof earlier === 'number') return { taken: { kind: 'ticket', position: earlier } };
    return {
      next: claimToTry({
        capacity: session.capacity ?? null,
        seatsTaken: Number(session.seatsTaken ?? 0),
        waitlistLength: Number(session.waitlistLength ?? 0),
      }),
    };
  }
}

/**
 * (c) The registration, if absent: the trainee's own item, so no other registrant meets it. When an
 * earlier run of the same claim wrote it already, that registration.
 */
async function writeRegistration(registration: Registration): Promise<Registration> {
  try {
    await db.send(new PutCommand(putRegistration(registration).Put as PutCommandInput));
    return registration;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const earlier = await getRegistration(registration.id);
  if (!earlier) throw new VersionConflict(`Registration ${registration.id} went meanwhile`);
  return earlier;
}

/** (d) The claim off the session item; nothing to do when it is gone already (or the session is). */
async function clearPendingClaim(sessionId: string, registrationId: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        UpdateExpression: 'REMOVE #claim',
        ConditionExpression: 'attribute_exists(#claim)',
        ExpressionAttributeNames: { '#claim': pendingClaim(registrationId) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * The claims pending on a session, by registration id: `seat` or the ticket's number. Empty once
 * every registration begun on it is written (or resumed after a crash); one left longer names a
 * registrant whose request crashed and was never retried.
 */
export async function pendingClaimsOf(sessionId: string): Promise<Map<string, 'seat' | number>> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: sessionKey(sessionId), ConsistentRead: true }),
  );
  const prefix = pendingClaim('');
  return new Map(
    Object.entries(Item ?? {}).flatMap(([name, value]) =>
      name.startsWith(prefix) ? [[name.slice(prefix.length), value as 'seat' | number] as const] : [],
    ),
  );
}
