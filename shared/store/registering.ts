/**
 * Registering for a session without a transaction on the session item (docs/adr/0008-hot-sessions.md):
 * a popular session is one item that every registrant writes, and DynamoDB cancels a transaction
 * touching an item another transaction holds, so registrants queued behind one another in
 * transactions would run out of time. A registration's id is derived from the session, the
 * trainee and a generation (registrationIdOf), so its own key is the uniqueness: no guard item.
 *
 * Reads first, in one consistent BatchGet: the session, the trainee's profile (for the handler),
 * the registration under the generation-0 id and a guard written before ids were derived (later
 * generations, after cancellations, one read each). A session without a capacity has no seat to
 * claim: the registration's put is the one write, its seat counted by the counters aggregator.
 * On a capped session:
 * (b) one conditional UpdateItem of the session takes a seat (a seat free and nobody waiting) or
 *     else a waitlist ticket (its number and the queue's length, which is the newcomer's place),
 *     and sets `pendingClaim:<registrationId>` on the session to what it took, if not set already;
 *     the same update removes the marks of this process's claims finished before it;
 * (c) the registration is put (if absent): a single write of the trainee's own item, carrying
 *     what it keeps of the request's key hash and, for a seat, its mark's nonce. Its mark is then
 *     finished, to come off with the next claim (./finished-claims.ts).
 *
 * A crash between any two steps leaves at most the pending claim and the registration: any retry
 * of the trainee derives the same id, so its (b) finds the claim (the same seat or ticket) and
 * its (c) writes the registration once, or its reads find the registration and answer it.
 */
import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type PutCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SEAT_COUNTED_BY_STREAM } from '#shared/domain/counters/registration-counts';
import { notFound } from '#shared/domain/errors';
import {
  type ClaimTaken,
  claimIsSpare,
  claimOfMark,
  claimToTry,
  type Holder,
  markOf,
  markOfStored,
  meeting,
  registrationIdOf,
  registrationOfClaim,
  type StoredClaim,
  seatMark,
  seatNonce,
  storedKeyHash,
  wroteClaim,
} from '#shared/domain/registrations/claims';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { TraineeProfile } from '#shared/domain/trainees/schemas';
import * as MESSAGES from '#shared/i18n/messages';
import { batchGet, batchGetAcross } from './batch-get';
import { db } from './client';
import {
  MARKS_PER_CLAIM,
  noteFinishedClaim,
  returnFinishedClaims,
  takeFinishedClaims,
} from './finished-claims';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from './optimistic';
import { alreadyRegistered, fillFreeSeats, putRegistration, sessionCondition } from './registration-changes';
import { getRegistration, guardKey, registrationKey, withSeatCountedByStream } from './registrations';
import { getSession, sessionKey, sessionOfItem } from './sessions';
import { tableName } from './tables';
import { traineeProfileKey } from './trainees';

/** A registration item as stored, with what the schema drops: the key hash and the claim's mark. */
type StoredItem = Record<string, unknown> &
  Holder &
  StoredClaim & { id: string; seatCountedBy?: string | undefined };

/**
 * Where a trainee stands in a session before claiming: the generation whose id is theirs to
 * write next, and the active registration already holding the session for them, if any (under
 * that generation's id, or a legacy guard's).
 */
export interface Standing {
  generation: number;
  holder?: StoredItem | undefined;
  /** The holder is a registration written before ids were derived: its key hash is its guard's. */
  legacy?: boolean | undefined;
}

export interface RegisterOptions {
  /** The request's caller and Idempotency-Key hashed (claimKeyOf); undefined without a key. */
  keyHash?: string | undefined;
  /** The session had no seat for newcomers when read: try for a ticket first. */
  seemsToWait?: boolean | undefined;
  /**
   * The session had no capacity when read: no seat to claim, so the registration is the one write
   * (its seat counted by the counters aggregator, docs/adr/0008-hot-sessions.md).
   */
  unlimited?: boolean | undefined;
  /** Read with the profile already (readRegistrant); read here when not given. */
  standing?: Standing | undefined;
  now?: Date | undefined;
}

/** The session attribute holding a claim between (b) and (d): the seat's mark, or the ticket's number. */
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
 * The reads a registration makes before claiming, in one consistent BatchGet: the session, and
 * from the registrations table the trainee's profile, their generation-0 registration for the
 * session and a legacy guard. A cancelled registration sends the reading on to the next generation.
 */
export async function readRegistrant(
  sessionId: string,
  traineeId: string,
): Promise<{ session: Session | undefined; profile: TraineeProfile | undefined; standing: Standing }> {
  const first = registrationKey(registrationIdOf(sessionId, traineeId, 0));
  const guard = guardKey(sessionId, traineeId);
  const read = await batchGetAcross(
    { registrations: [traineeProfileKey(traineeId), first, guard], plans: [sessionKey(sessionId)] },
    { consistentRead: true },
  );
  const items = read.registrations ?? [];
  const sessionItem = read.plans?.[0];
  const found = (key: { pk: string; sk: string }) => items.find((item) => item.pk === key.pk);
  const profile = found(traineeProfileKey(traineeId));
  const standing = await standingFrom(
    sessionId,
    traineeId,
    found(first) as StoredItem | undefined,
    found(guard),
  );
  return {
    session: sessionItem ? await sessionOfItem(sessionItem) : undefined,
    profile: profile ? TraineeProfile.parse(profile) : undefined,
    standing,
  };
}

async function standingFrom(
  sessionId: string,
  traineeId: string,
  firstItem: StoredItem | undefined,
  guard: Record<string, unknown> | undefined,
): Promise<Standing> {
  if (guard) {
    // Written before ids were derived: its registration holds the session while active.
    const registration = await getRegistration(String(guard.registrationId));
    if (registration && meeting(registration, undefined) !== 'next') {
      const keyHash = guard.keyHash as string | undefined;
      return { generation: 0, holder: { ...registration, keyHash } as StoredItem, legacy: true };
    }
  }
  let generation = 0;
  let item = firstItem;
  while (item && meeting(item, undefined) === 'next') {
    generation += 1;
    item = await readItem(registrationIdOf(sessionId, traineeId, generation));
  }
  return { generation, holder: item };
}

async function readItem(registrationId: string): Promise<StoredItem | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: registrationKey(registrationId),
      ConsistentRead: true,
    }),
  );
  return Item as StoredItem | undefined;
}

/** Generations one request walks through at most (each a cancellation meanwhile). */
const MOST_GENERATIONS = 20;

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
  let standing = options.standing ?? (await readRegistrant(fresh.sessionId, fresh.traineeId)).standing;
  // Whether the holder met was written with a claim this run took or shared.
  let claimed = false;
  for (let tries = 0; tries < MOST_GENERATIONS; tries++) {
    if (standing.holder) return answerHolder(standing, options.keyHash, claimed);
    const registration = {
      ...fresh,
      id: registrationIdOf(fresh.sessionId, fresh.traineeId, standing.generation),
    };
    if (options.unlimited) {
      // No seat to claim: the registration's own put is the whole write, and a retry finds it.
      const written = withSeatCountedByStream(registration);
      const earlier = await step(() => writeRegistration(written, undefined, options.keyHash));
      if (!earlier) return written;
      standing = nextStanding(standing, earlier);
      continue;
    }
    const taken = await claimPlace(registration, options.seemsToWait ? 'ticket' : 'seat');
    const written = registrationOfClaim(registration, taken);
    const earlier = await step(() => writeRegistration(written, taken, options.keyHash));
    if (!earlier) {
      // Its mark comes off with this process's next claim on the session (./finished-claims.ts).
      noteFinishedClaim(registration.sessionId, pendingClaim(registration.id), markOf(taken));
      return taken.kind === 'ticket' && taken.fresh && taken.place !== undefined
        ? { ...written, waitlistPlace: taken.place }
        : written;
    }
    // Another run wrote this id first: a double submit, or a retry of a cut-short request.
    if (claimIsSpare(earlier, taken)) await releaseClaim(registration.sessionId, registration.id, taken, now);
    claimed = wroteClaim(earlier, taken);
    standing = nextStanding(standing, earlier);
  }
  throw new VersionConflict(`Registrations of ${fresh.traineeId} in ${fresh.sessionId} kept changing`);
}

/** Where the trainee stands once `earlier` holds the id this run meant to write. */
const nextStanding = (standing: Standing, earlier: StoredItem): Standing =>
  meeting(earlier, undefined) === 'next'
    ? { generation: standing.generation + 1 }
    : { generation: standing.generation, holder: earlier };

/** An active registration found: this request's own (replayed), or 409. `written` with a claim of this run. */
async function answerHolder(
  standing: Standing,
  keyHash: string | undefined,
  written = false,
): Promise<Registration> {
  const holder = standing.holder as StoredItem;
  const replay = meeting(holder, keyHash) === 'replay';
  // Its claim's mark may still be on the session (its run crashed, or no later claim took it off
  // yet). Only a replay, or a refusal of a registration this very run claimed for, takes it off: a
  // plain refusal writes nothing, and a seat the aggregator counts had no claim.
  const claimless = holder.seatCountedBy === SEAT_COUNTED_BY_STREAM;
  if ((replay || written) && !claimless)
    await step(() => clearPendingClaim(holder.sessionId as string, holder.id, markOfStored(holder)));
  if (!replay) throw alreadyRegistered();
  const registration = standing.legacy ? holder : await getRegistration(holder.id);
  if (!registration) throw new Error(`Registration ${holder.id} went meanwhile`);
  const { keyHash: _, ...answer } = registration as StoredItem;
  return answer as unknown as Registration;
}

/** Flips between seat and ticket allowed to one registrant while seats come and go under it. */
const MOST_FLIPS = 50;

/** (b) A seat or a ticket, whichever the session's counts allow as the update runs. */
async function claimPlace(registration: Registration, first: 'seat' | 'ticket'): Promise<ClaimTaken> {
  let kind = first;
  for (let flip = 0; flip < MOST_FLIPS; flip++) {
    const outcome = await step(() => tryClaim(registration, kind));
    if (outcome.taken) return outcome.taken;
    kind = outcome.next;
  }
  throw new VersionConflict(`Seats of session ${registration.sessionId} kept moving`);
}

type ClaimTry =
  | { taken: ClaimTaken }
  | {
      taken?: undefined;
      next: 'seat' | 'ticket';
      /** Finished marks found replaced: not this process's to remove any more. */
      replaced?: readonly [string, string | number][];
    };

/**
 * One conditional update for `kind`. When its condition fails, the session as it was tells why:
 * the claim was taken already (an earlier run, or a double submit: its claim, shared), or the
 * other kind is due. The same update removes marks of this process's finished claims on the
 * session (./finished-claims.ts), each only while it holds the mark noted.
 */
async function tryClaim(registration: Registration, kind: 'seat' | 'ticket'): Promise<ClaimTry> {
  const { sessionId } = registration;
  const claimName = pendingClaim(registration.id);
  const finished = takeFinishedClaims(sessionId, claimName);
  let unremoved = finished;
  try {
    const outcome = await claimUpdate(registration, kind, finished);
    // Only an update that went through (a claim taken afresh) removed them.
    if (outcome.taken?.fresh) unremoved = [];
    else if ('replaced' in outcome && outcome.replaced) {
      const { replaced } = outcome;
      unremoved = finished.filter((mark) => !replaced.includes(mark));
    }
    return outcome;
  } finally {
    returnFinishedClaims(sessionId, unremoved);
  }
}

async function claimUpdate(
  registration: Registration,
  kind: 'seat' | 'ticket',
  finished: readonly [string, string | number][],
): Promise<ClaimTry> {
  const { sessionId, id: registrationId } = registration;
  const check = sessionCondition(kind === 'seat' ? 'seat-for-newcomer' : 'newcomer-waits');
  const removal = finishedRemoval(finished);
  const names = { '#claim': pendingClaim(registrationId), ...check.names, ...removal.names };
  const condition = `attribute_exists(pk) AND attribute_not_exists(#claim) AND (${check.text})${removal.condition}`;
  try {
    if (kind === 'seat') {
      const mark = seatMark(registration.registeredAt);
      await db.send(
        new UpdateCommand({
          TableName: tableName('plans'),
          Key: sessionKey(sessionId),
          UpdateExpression: `ADD #seatsTaken :one SET #claim = :mark${removal.expression}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { ...names, '#seatsTaken': 'seatsTaken' },
          ExpressionAttributeValues: { ':one': 1, ':mark': mark, ...check.values, ...removal.values },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { taken: { kind: 'seat', mark, fresh: true } };
    }
    // The ticket's number is the counter as it was plus one: read once, in the update itself.
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        UpdateExpression: `ADD #waitlistLength :one SET #counter = if_not_exists(#counter, :none) + :one, #claim = if_not_exists(#counter, :none) + :one${removal.expression}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          ...names,
          '#waitlistLength': 'waitlistLength',
          '#counter': 'waitlistCounter',
        },
        ExpressionAttributeValues: { ':one': 1, ':none': 0, ...check.values, ...removal.values },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return {
      taken: {
        kind: 'ticket',
        position: Number(Attributes?.waitlistCounter),
        place: Number(Attributes?.waitlistLength),
        fresh: true,
      },
    };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!error.Item) throw notFound(MESSAGES.sessions.notFound(sessionId));
    const session = unmarshall(error.Item);
    // A finished mark replaced meanwhile (a spare claim under the same id) is not this process's
    // to remove: it is forgotten, and the claim tried again without it.
    const replaced = finished.filter(([name, mark]) => session[name] !== undefined && session[name] !== mark);
    if (replaced.length > 0) return { next: kind, replaced };
    const earlier = claimOfMark(session[pendingClaim(registrationId)]);
    if (earlier) return { taken: earlier };
    return {
      next: claimToTry({
        capacity: session.capacity ?? null,
        seatsTaken: Number(session.seatsTaken ?? 0),
        waitlistLength: Number(session.waitlistLength ?? 0),
      }),
    };
  }
}

/** The REMOVE clause and conditions for finished marks: each only while it holds its mark. */
function finishedRemoval(finished: readonly [string, string | number][]) {
  if (finished.length === 0) return { expression: '', condition: '', names: {}, values: {} };
  return {
    expression: ` REMOVE ${finished.map((_, i) => `#done${i}`).join(', ')}`,
    condition: finished
      .map((_, i) => ` AND (attribute_not_exists(#done${i}) OR #done${i} = :done${i})`)
      .join(''),
    names: Object.fromEntries(finished.map(([name], i) => [`#done${i}`, name])),
    values: Object.fromEntries(finished.map(([, mark], i) => [`:done${i}`, mark])),
  };
}

/**
 * (c) The registration, if its id is free: the trainee's own item, so no other registrant meets
 * it. Undefined when written; otherwise the item already there (ReturnValuesOnConditionCheckFailure).
 */
async function writeRegistration(
  registration: Registration,
  taken: ClaimTaken | undefined,
  keyHash: string | undefined,
): Promise<StoredItem | undefined> {
  const put = putRegistration(registration).Put as PutCommandInput;
  try {
    await db.send(
      new PutCommand({
        ...put,
        Item: {
          ...put.Item,
          ...(taken?.kind === 'seat' ? { claim: seatNonce(taken.mark) } : {}),
          ...(keyHash !== undefined ? { keyHash: storedKeyHash(keyHash) } : {}),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Registrations are never deleted: one refused is there to be returned.
    if (!error.Item) throw new VersionConflict(`Registration ${registration.id} went meanwhile`);
    return unmarshall(error.Item) as StoredItem;
  }
}

/**
 * (d) The claim off the session item, only while it holds `mark` (any mark when undefined: a
 * legacy claim); nothing to do when it is gone already (or the session is).
 */
async function clearPendingClaim(sessionId: string, registrationId: string, mark: unknown): Promise<void> {
  const known = typeof mark === 'string' || typeof mark === 'number';
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        UpdateExpression: 'REMOVE #claim',
        ConditionExpression: known ? '#claim = :mark' : 'attribute_exists(#claim)',
        ExpressionAttributeNames: { '#claim': pendingClaim(registrationId) },
        ...(known ? { ExpressionAttributeValues: { ':mark': mark } } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * A spare claim given back: its seat or ticket uncounted and its mark removed, in one update that
 * holds only while the mark is this claim's. A seat given back while somebody waits is theirs:
 * the first in line are seated as a capacity raise would seat them.
 */
async function releaseClaim(
  sessionId: string,
  registrationId: string,
  claim: ClaimTaken,
  now: Date,
): Promise<void> {
  try {
    const { Attributes } = await step(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName('plans'),
          Key: sessionKey(sessionId),
          UpdateExpression: 'ADD #count :less REMOVE #claim',
          ConditionExpression: '#claim = :mark',
          ExpressionAttributeNames: {
            '#claim': pendingClaim(registrationId),
            '#count': claim.kind === 'seat' ? 'seatsTaken' : 'waitlistLength',
          },
          ExpressionAttributeValues: { ':less': -1, ':mark': markOf(claim) },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (claim.kind === 'seat' && Number(Attributes?.waitlistLength ?? 0) > 0) {
      const session = await getSession(sessionId);
      if (session) await fillFreeSeats(session, now);
    }
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * The claims on a session whose registration is not written, by registration id: `seat` or the
 * ticket's number. Empty once every registration begun on it is written (or finished by a retry
 * after a crash); one left longer names a registrant whose request crashed and who never came back.
 * Marks of finished claims still on the item (./finished-claims.ts) are not among them.
 */
export async function pendingClaimsOf(sessionId: string): Promise<Map<string, 'seat' | number>> {
  const marks = await claimMarksOf(sessionId);
  const registrations = await batchGet('registrations', [...marks.keys()].map(registrationKey), {
    consistentRead: true,
  });
  const written = new Map(registrations.map((item) => [String(item.id), item as StoredItem]));
  // A registration written with the claim finishes it, even once a cancellation rewrote it.
  const finished = (id: string, mark: string | number) => {
    const registration = written.get(id);
    const claim = claimOfMark(mark);
    return registration !== undefined && claim !== undefined && wroteClaim(registration, claim);
  };
  return new Map(
    [...marks]
      .filter(([id, mark]) => !finished(id, mark))
      .map(([id, mark]) => [id, typeof mark === 'number' ? mark : ('seat' as const)]),
  );
}

/** Every claim mark on the session item, finished or not, by registration id. */
export async function claimMarksOf(sessionId: string): Promise<Map<string, string | number>> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: sessionKey(sessionId), ConsistentRead: true }),
  );
  const prefix = pendingClaim('');
  return new Map(
    Object.entries(Item ?? {}).flatMap(([name, value]) =>
      name.startsWith(prefix) ? [[name.slice(prefix.length), value as string | number] as const] : [],
    ),
  );
}

/** Rounds of "a mark changed meanwhile" before clearing gives up (the marks are bookkeeping). */
const CLEARING_ROUNDS = 3;

/**
 * Removes from the session item the marks of claims whose registration is written (`written`: the
 * registration id and the mark it was written with), those still there and unchanged: one read of
 * the marks, and one update only when any is left (usually the next claim took them off already).
 */
export async function clearFinishedClaims(
  sessionId: string,
  written: readonly { registrationId: string; mark: string | number }[],
): Promise<void> {
  // A chunk a time, inside DynamoDB's limits on an expression.
  for (let start = 0; start < written.length; start += MARKS_PER_CLAIM)
    await clearChunk(sessionId, written.slice(start, start + MARKS_PER_CLAIM));
}

async function clearChunk(
  sessionId: string,
  written: readonly { registrationId: string; mark: string | number }[],
): Promise<void> {
  for (let round = 0; round < CLEARING_ROUNDS; round++) {
    const names = written.map(({ registrationId }) => pendingClaim(registrationId));
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        ProjectionExpression: names.map((_, i) => `#m${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#m${i}`, name])),
        ConsistentRead: true,
      }),
    );
    const left = written
      .map(({ registrationId, mark }) => [pendingClaim(registrationId), mark] as [string, string | number])
      .filter(([name, mark]) => Item?.[name] === mark);
    if (left.length === 0) return;
    const removal = finishedRemoval(left);
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName('plans'),
          Key: sessionKey(sessionId),
          UpdateExpression: removal.expression.trim(),
          ConditionExpression: `attribute_exists(pk)${removal.condition}`,
          ExpressionAttributeNames: removal.names,
          ExpressionAttributeValues: removal.values,
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
