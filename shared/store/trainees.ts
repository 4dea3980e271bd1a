/**
 * Trainees' profiles, in the `registrations` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one trainee's profile:  GetItem pk = TRAINEE#<traineeId>, sk = PROFILE
 *   (the trainee's id is their sign-in `sub`, so the ID number is never part of a key)
 * The partition also holds the trainee's credit ledger (sk = CREDIT#..., shared/store/ledger.ts),
 * so every read here names the sort key; nothing reads the partition whole.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TraineeProfile } from '#shared/domain/trainees/schemas';
import { db } from './client';
import { tableName } from './tables';

const profileKey = (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' });

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
      Item: { ...profileKey(profile.traineeId), entity: 'trainee-profile', ...profile },
    }),
  );
}
