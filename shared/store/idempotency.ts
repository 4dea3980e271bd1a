/**
 * Remembered answers for `Idempotency-Key` (docs/api.md): the same caller, route and key within 24 h
 * gets the first answer back and nothing is created twice. The key record is claimed with a
 * conditional put before the work runs, so concurrent replays cannot both do the work.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { API_TIMEOUT_SECONDS } from '#shared/functions';
import { db } from './client';
import { tableName } from './tables';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/**
 * How long a claim outlives the invocation holding it: its answer is written as it ends, and the
 * clocks of two machines are not quite the same.
 */
export const LEASE_MARGIN_SECONDS = 2;
/**
 * How long a claim holds its key while the work runs when the invocation's own deadline is not
 * known: as long as an API function may run, and the margin. A claim whose Lambda timed out or
 * crashed is taken over by a retry then, instead of locking the key for a day.
 */
export const IDEMPOTENCY_LEASE_SECONDS = API_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS;

/**
 * The lease of a claim made by an invocation that may run `remainingMs` more: until it can no
 * longer be running, and the margin. Never shorter than a second of work.
 */
export function leaseSecondsFor(remainingMs: number | undefined): number {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return IDEMPOTENCY_LEASE_SECONDS;
  return Math.max(1, Math.ceil(remainingMs / 1000)) + LEASE_MARGIN_SECONDS;
}

export interface StoredResponse {
  statusCode: number;
  body: string;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'completed'; bodyHash: string; response: StoredResponse }
  /** `leaseUntil` (epoch seconds): when a retry may take the claim over; absent when it is free already. */
  | { outcome: 'in-progress'; bodyHash: string; leaseUntil?: number };

/** The record of `key` in `scope` (the caller and the operation). */
export const idempotencyRecordKey = (scope: string, key: string) => ({
  pk: `IDEMPOTENCY#${scope}#${key}`,
  sk: 'RESPONSE',
});
const keyOf = idempotencyRecordKey;

/**
 * Claim `key` for this request for `leaseSeconds`, or report what an earlier request with the same
 * key left.
 */
export async function claimIdempotencyKey(
  scope: string,
  key: string,
  bodyHash: string,
  now: Date,
  leaseSeconds = IDEMPOTENCY_LEASE_SECONDS,
): Promise<Claim> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('idempotency'),
        Item: {
          ...keyOf(scope, key),
          state: 'in-progress',
          bodyHash,
          leaseUntil: nowSeconds + leaseSeconds,
          expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
        },
        // TTL deletes lazily, so an expired record counts as absent; so does an abandoned claim.
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in-progress' },
      }),
    );
    return { outcome: 'claimed' };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const existing = await db.send(
    new GetCommand({ TableName: tableName('idempotency'), Key: keyOf(scope, key), ConsistentRead: true }),
  );
  const item = existing.Item;
  // Released between our put and our read: the caller may simply try again.
  if (!item) return { outcome: 'in-progress', bodyHash };
  if (item.state === 'completed') {
    return { outcome: 'completed', bodyHash: item.bodyHash, response: item.response as StoredResponse };
  }
  return {
    outcome: 'in-progress',
    bodyHash: item.bodyHash,
    ...(typeof item.leaseUntil === 'number' ? { leaseUntil: item.leaseUntil } : {}),
  };
}

export async function completeIdempotencyKey(
  scope: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName('idempotency'),
      Key: keyOf(scope, key),
      UpdateExpression: 'SET #state = :completed, #response = :response',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
    }),
  );
}

/** Forget a claim whose work failed for a fault of ours, so a retry can do the work. */
export async function releaseIdempotencyKey(scope: string, key: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName('idempotency'), Key: keyOf(scope, key) }));
}
