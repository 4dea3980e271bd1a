/**
 * Trainees' profiles, in the `registrations` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one trainee's profile:  GetItem pk = TRAINEE#<traineeId>, sk = PROFILE
 *   (the trainee's id is their sign-in `sub`, so the ID number is never part of a key)
 * - all trainees, for the yearly credit reminders: Query gsi1 gsi1pk = TRAINEES#<shard> for each of
 *   TRAINEE_SHARDS shards (gsi1sk = <traineeId>), spread so no index partition runs hot
 * - who holds an ID number: GetItem pk = IDNUMBER#<sha256 of the number>, sk = GUARD (traineeId),
 *   the uniqueness guard written in one transaction with the profile (a person has one profile)
 * The partition also holds the trainee's credit ledger (sk = CREDIT#..., shared/store/ledger.ts),
 * so every read here names the sort key; nothing reads the partition whole.
 *
 * Profiles saved before the guard existed have none: it is written on their next save. Until
 * then a newcomer may claim such a number (finding them would take a read of every profile), and
 * whoever saves second is told the number is in use.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TraineeProfile } from '#shared/domain/trainees/schemas';
import { db } from './client';
import { VersionConflict } from './optimistic';
import { queryPage } from './query-page';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

export const profileKey = (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' });

// Hashed so that keys, which consoles, metrics and logs show, never carry an ID number in clear.
const idNumberGuardKey = (idNumber: string) => ({
  pk: `IDNUMBER#${createHash('sha256').update(idNumber).digest('base64url')}`,
  sk: 'GUARD',
});

export const TRAINEE_SHARDS = 16;

function shardOf(traineeId: string): number {
  let hash = 0;
  for (const character of traineeId) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return hash % TRAINEE_SHARDS;
}

export async function getTraineeProfile(traineeId: string): Promise<TraineeProfile | undefined> {
  // Consistent: a trainee reading their profile right after saving it sees what they saved.
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: profileKey(traineeId),
      ConsistentRead: true,
    }),
  );
  // The schema drops the key attributes, so callers get the profile and nothing of its storage.
  return Item ? TraineeProfile.parse(Item) : undefined;
}

/** The stored item of a profile (exported for bulk seeding in benchmarks). */
export function profileItem(profile: TraineeProfile) {
  return {
    ...profileKey(profile.traineeId),
    gsi1pk: `TRAINEES#${shardOf(profile.traineeId)}`,
    gsi1sk: profile.traineeId,
    entity: 'trainee-profile',
    ...profile,
  };
}

/**
 * Writes the profile as is, without the ID-number guard: for seeding data (tests, benchmarks).
 * A trainee's own save goes through saveTraineeProfile.
 */
export async function putTraineeProfile(profile: TraineeProfile): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName('registrations'), Item: profileItem(profile) }));
}

/** The trainee whose guard holds `idNumber`, if any. */
async function idNumberHolder(idNumber: string): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: idNumberGuardKey(idNumber),
      ConsistentRead: true,
    }),
  );
  return Item?.traineeId as string | undefined;
}

/**
 * Saves the profile over `previous` (as read) together with the guard of its ID number, in one
 * transaction: a number another trainee holds is refused (false), whoever saves first. A changed
 * number moves the guard: the old one is released in the same transaction. Throws VersionConflict
 * when the profile changed since it was read.
 */
export async function saveTraineeProfile(
  profile: TraineeProfile,
  previous: TraineeProfile | undefined,
): Promise<boolean> {
  const self = { ':self': profile.traineeId };
  const releaseOld =
    previous && previous.idNumber !== profile.idNumber
      ? (await idNumberHolder(previous.idNumber)) === profile.traineeId
      : false;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName('registrations'),
        Item: profileItem(profile),
        ...(previous
          ? {
              ConditionExpression: 'idNumber = :previousIdNumber AND updatedAt = :previousUpdatedAt',
              ExpressionAttributeValues: {
                ':previousIdNumber': previous.idNumber,
                ':previousUpdatedAt': previous.updatedAt,
              },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    {
      Put: {
        TableName: tableName('registrations'),
        Item: {
          ...idNumberGuardKey(profile.idNumber),
          traineeId: profile.traineeId,
          entity: 'id-number-guard',
        },
        ConditionExpression: 'attribute_not_exists(pk) OR traineeId = :self',
        ExpressionAttributeValues: self,
      },
    },
    ...(releaseOld && previous
      ? [
          {
            Delete: {
              TableName: tableName('registrations'),
              Key: idNumberGuardKey(previous.idNumber),
              ConditionExpression: 'traineeId = :self',
              ExpressionAttributeValues: self,
            },
          },
        ]
      : []),
  ];
  const outcome = await transact(items);
  if (outcome.ok) return true;
  if (outcome.failedConditions.some((index) => index !== 1)) {
    throw new VersionConflict(`The profile of ${profile.traineeId} changed`);
  }
  return false;
}

/** Every trainee's profile, shard by shard: the yearly credit reminders go to all who fall short. */
export async function* allTraineeProfiles(): AsyncGenerator<TraineeProfile> {
  for (let shard = 0; shard < TRAINEE_SHARDS; shard++) {
    let cursor: string | undefined;
    do {
      const page = await queryPage({
        table: 'registrations',
        index: 'gsi1',
        partition: { gsi1pk: `TRAINEES#${shard}` },
        limit: 200,
        cursor,
      });
      for (const item of page.items) yield TraineeProfile.parse(item);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}

/** Profiles by trainee id (BatchGet in chunks of 100), for addressing mail. */
export async function getTraineeProfiles(
  traineeIds: readonly string[],
): Promise<Map<string, TraineeProfile>> {
  const found = new Map<string, TraineeProfile>();
  const unique = [...new Set(traineeIds)];
  for (let start = 0; start < unique.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100).map(profileKey);
    for (let round = 0; keys && keys.length > 0 && round < 10; round++) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName('registrations')]: { Keys: keys } } }),
      );
      for (const item of answer.Responses?.[tableName('registrations')] ?? []) {
        const profile = TraineeProfile.parse(item);
        found.set(profile.traineeId, profile);
      }
      keys = answer.UnprocessedKeys?.[tableName('registrations')]?.Keys;
    }
    // Still throttled after ten rounds: fail loudly rather than answer with rows missing.
    if (keys && keys.length > 0) throw new Error(`${keys.length} items could not be read (unprocessed keys)`);
  }
  return found;
}
