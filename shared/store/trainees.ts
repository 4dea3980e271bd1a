/**
 * Trainees' profiles, in the `registrations` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one trainee's profile:  GetItem pk = TRAINEE#<traineeId>, sk = PROFILE
 *   (the trainee's id is their sign-in `sub`, so the ID number is never part of a key)
 * - all trainees, for the yearly credit reminders: Query gsi1 gsi1pk = TRAINEES#<shard> for each of
 *   TRAINEE_SHARDS shards (gsi1sk = <traineeId>), spread so no index partition runs hot
 * The partition also holds the trainee's credit ledger (sk = CREDIT#..., shared/store/ledger.ts),
 * so every read here names the sort key; nothing reads the partition whole.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TraineeProfile } from '#shared/domain/trainees/schemas';
import { db } from './client';
import { queryPage } from './query-page';
import { tableName } from './tables';

const profileKey = (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' });

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

/** Creates or replaces the profile: the trainee owns it whole, so the last write wins. */
export async function putTraineeProfile(profile: TraineeProfile): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName('registrations'),
      Item: {
        ...profileKey(profile.traineeId),
        gsi1pk: `TRAINEES#${shardOf(profile.traineeId)}`,
        gsi1sk: profile.traineeId,
        entity: 'trainee-profile',
        ...profile,
      },
    }),
  );
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
