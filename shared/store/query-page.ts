/**
 * One page of a Query, as docs/api.md pages lists: at most `limit` items and an opaque cursor. With
 * a filter, DynamoDB may return short or empty pages, so this keeps reading until the page is
 * full or the partition ends, and the cursor points after the last item returned (not after the
 * last item read).
 */
import { type NativeAttributeValue, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { badRequest } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { TABLES, type TableName, tableName } from './tables';

export interface PageQuery {
  table: TableName;
  /** Index name, or undefined for the table's own key. */
  index?: string;
  /** The partition being read: `{ gsi1pk: 'ORGS' }`. A cursor must belong to it. */
  partition: Record<string, string>;
  /** Sort key condition, e.g. `begins_with(gsi1sk, :prefix)`, added to the partition's equality. */
  sortCondition?: string;
  filter?: string;
  names?: Record<string, string>;
  values?: Record<string, NativeAttributeValue>;
  limit: number;
  cursor?: string | undefined;
  /** Newest first. */
  descending?: boolean;
}

export function keyNamesOf(table: TableName, index: string | undefined): string[] {
  const def = TABLES[table];
  const names = [def.partitionKey, def.sortKey];
  if (!index) return names;
  const indexDef = def.indexes.find((candidate) => candidate.name === index);
  if (!indexDef) throw new Error(`Table ${table} has no index ${index}`);
  return [...names, indexDef.partitionKey, indexDef.sortKey];
}

/**
 * A cursor can pass the key checks and still not fit the query (another year's prefix, a day
 * that is no longer open): DynamoDB then refuses the start key. That is the caller's bad cursor,
 * a 400, not a fault of ours.
 */
export async function sendQuery(command: QueryCommand) {
  try {
    return await db.send(command);
  } catch (error) {
    if (command.input.ExclusiveStartKey && (error as { name?: string }).name === 'ValidationException') {
      throw badRequest(MESSAGES.requests.badCursor(), [
        { field: 'cursor', message: MESSAGES.requests.invalidCursor() },
      ]);
    }
    throw error;
  }
}

export async function queryPage(query: PageQuery): Promise<Page<Record<string, unknown>>> {
  const keyNames = keyNamesOf(query.table, query.index);
  const [partitionName, partitionValue] = Object.entries(query.partition)[0] ?? [];
  if (!partitionName) throw new Error('queryPage needs a partition');
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, keyNames, query.partition);

  do {
    const result = await sendQuery(
      new QueryCommand({
        TableName: tableName(query.table),
        IndexName: query.index,
        KeyConditionExpression: `#partition = :partition${query.sortCondition ? ` AND ${query.sortCondition}` : ''}`,
        FilterExpression: query.filter,
        ExpressionAttributeNames: { '#partition': partitionName, ...query.names },
        ExpressionAttributeValues: { ':partition': partitionValue, ...query.values },
        ExclusiveStartKey: startKey,
        Limit: query.limit - items.length,
        ScanIndexForward: !query.descending,
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < query.limit);

  const last = items.at(-1);
  const more = startKey !== undefined && last !== undefined;
  const cursorKey = more ? Object.fromEntries(keyNames.map((name) => [name, last[name]])) : undefined;
  return { items, nextCursor: encodeCursor(cursorKey) };
}
