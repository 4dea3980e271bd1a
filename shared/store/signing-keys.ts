/**
 * The public halves of the certificate signing keys, published in the `certificates` table by
 * the functions that sign, so that the public verification function reads them from its own table
 * instead of asking KMS (no KMS client in its bundle, no KMS call on its cold start, no KMS
 * permission on the function the public calls). This module alone knows their keys.
 *
 * Access patterns:
 * - publish a key: PutItem pk = SIGNING-KEYS, sk = KEY#<kid>, only if absent (a key never changes)
 * - every published key: Query pk = SIGNING-KEYS (a handful of items: one per key ever used)
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PublicJwk } from '#shared/signing/port';
import { db } from './client';
import { tableName } from './tables';

const PARTITION = 'SIGNING-KEYS';
const keyOf = (kid: string) => ({ pk: PARTITION, sk: `KEY#${kid}` });

export async function publishSigningKey(jwk: PublicJwk, now: Date): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('certificates'),
        Item: { ...keyOf(jwk.kid), entity: 'signing-key', jwk, publishedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // Published before (by this or another signer): the same key, nothing to do.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Every published key, by kid. */
export async function publishedSigningKeys(): Promise<Map<string, PublicJwk>> {
  const keys = new Map<string, PublicJwk>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName('certificates'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const jwk = (item as { jwk?: PublicJwk }).jwk;
      if (jwk?.kid) keys.set(jwk.kid, jwk);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return keys;
}
