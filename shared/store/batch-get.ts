/**
 * Items by key, many at once: BatchGet in chunks of 100 (DynamoDB's most per call), asking again
 * for the keys it leaves unprocessed under load. For the store modules, each with its own keys.
 */
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { type TableName, tableName } from './tables';

const CHUNK = 100;
const ROUNDS = 10;

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Only these attributes (names are escaped, so reserved words are fine). */
  attributes?: readonly string[];
}

/** The items that exist among `keys`, in no particular order. */
export async function batchGet(
  table: TableName,
  keys: readonly Record<string, unknown>[],
  options: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const name = tableName(table);
  const projection = options.attributes
    ? {
        ProjectionExpression: options.attributes.map((_, n) => `#a${n}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(
          options.attributes.map((attribute, n) => [`#a${n}`, attribute]),
        ),
      }
    : {};
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += CHUNK) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + CHUNK);
    for (let round = 0; pending && pending.length > 0 && round < ROUNDS; round++) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [name]: {
              Keys: pending,
              ...(options.consistentRead ? { ConsistentRead: true } : {}),
              ...projection,
            },
          },
        }),
      );
      items.push(...(answer.Responses?.[name] ?? []));
      pending = answer.UnprocessedKeys?.[name]?.Keys;
    }
    // Still throttled after every round: fail loudly rather than answer with items missing.
    if (pending && pending.length > 0)
      throw new Error(`${pending.length} items could not be read (unprocessed keys)`);
  }
  return items;
}

/**
 * Items by key from several tables in one BatchGet (one round trip, at most 100 keys in all),
 * asking again for the keys left unprocessed; the items found, by table.
 */
export async function batchGetAcross(
  keys: Partial<Record<TableName, readonly Record<string, unknown>[]>>,
  options: Pick<BatchGetOptions, 'consistentRead'> = {},
): Promise<Partial<Record<TableName, Record<string, unknown>[]>>> {
  // DynamoDB refuses a table named with no keys.
  const tables = (Object.keys(keys) as TableName[]).filter((table) => (keys[table]?.length ?? 0) > 0);
  if (tables.reduce((sum, table) => sum + (keys[table]?.length ?? 0), 0) > CHUNK)
    throw new Error(`One BatchGet reads ${CHUNK} keys at most`);
  const found: Partial<Record<TableName, Record<string, unknown>[]>> = {};
  const byName = new Map(tables.map((table) => [tableName(table), table]));
  let pending: BatchGetCommandOutput['UnprocessedKeys'] = Object.fromEntries(
    tables.map((table) => [
      tableName(table),
      { Keys: [...(keys[table] ?? [])], ...(options.consistentRead ? { ConsistentRead: true } : {}) },
    ]),
  );
  for (let round = 0; pending && Object.keys(pending).length > 0 && round < ROUNDS; round++) {
    const answer: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: pending }));
    for (const [name, items] of Object.entries(answer.Responses ?? {})) {
      const table = byName.get(name) as TableName;
      found[table] = [...(found[table] ?? []), ...items];
    }
    pending = answer.UnprocessedKeys;
  }
  if (pending && Object.keys(pending).length > 0)
    throw new Error('Items could not be read (unprocessed keys)');
  return found;
}
