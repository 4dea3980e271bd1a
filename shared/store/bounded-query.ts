/**
 * One page of a Query whose filter may keep little of what it reads (the public course
 * catalogue's search over a year of sessions). Like `queryPage`, it reads on until the page is
 * full or the partition ends, but never reads more than `maxRead` items for one page: stopped
 * there, the page is short (maybe empty) and its cursor points after the last item read, so the
 * next request reads on from there instead of reading the same items again.
 *
 * The first request asks DynamoDB for a page's worth; each further one for what the page still
 * lacks at the rate the filter kept items so far, with a margin, but never for more than twice
 * the request before (twice as many while it kept none): a filter that keeps most items costs one
 * request of `limit` items, a selective one a handful of requests (at most about
 * log2(maxRead / limit) + 2) rather than one per `limit` items read. Items a request read beyond
 * a full page are read again by the next page (its cursor follows the last item kept): the rate
 * keeps those few where plain doubling would read up to a request's worth again on every page.
 * The cap keeps a clump of misses (sessions of a city or a topic sharing deadlines) from asking
 * for far more than the page needs.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { decodeCursor, encodeCursor } from './cursor';
import { keyNamesOf, type PageQuery, sendQuery } from './query-page';
import { tableName } from './tables';

export interface BoundedQuery extends PageQuery {
  /** The most items (before the filter) one page may read. */
  maxRead: number;
}

export interface BoundedPage extends Page<Record<string, unknown>> {
  /** Items DynamoDB read for the page, before the filter (the sum of its ScannedCounts). */
  itemsRead: number;
}

export async function queryBoundedPage(query: BoundedQuery): Promise<BoundedPage> {
  const keyNames = keyNamesOf(query.table, query.index);
  const [partitionName, partitionValue] = Object.entries(query.partition)[0] ?? [];
  if (!partitionName) throw new Error('queryBoundedPage needs a partition');
  const keyOf = (item: Record<string, unknown>) =>
    Object.fromEntries(keyNames.map((name) => [name, item[name]]));
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, keyNames, query.partition);
  let itemsRead = 0;
  let ask = query.limit;

  for (;;) {
    const result = await sendQuery(
      new QueryCommand({
        TableName: tableName(query.table),
        IndexName: query.index,
        KeyConditionExpression: `#partition = :partition${query.sortCondition ? ` AND ${query.sortCondition}` : ''}`,
        FilterExpression: query.filter,
        ExpressionAttributeNames: { '#partition': partitionName, ...query.names },
        ExpressionAttributeValues: { ':partition': partitionValue, ...query.values },
        ExclusiveStartKey: startKey,
        Limit: Math.max(1, Math.min(ask, query.maxRead - itemsRead)),
        ScanIndexForward: !query.descending,
      }),
    );
    itemsRead += result.ScannedCount ?? 0;
    const found = result.Items ?? [];
    const room = query.limit - items.length;
    if (found.length > room) {
      items.push(...found.slice(0, room));
      return { items, nextCursor: encodeCursor(keyOf(items.at(-1) ?? {})), itemsRead };
    }
    items.push(...found);
    startKey = result.LastEvaluatedKey;
    if (!startKey || items.length === query.limit || itemsRead >= query.maxRead) {
      return { items, nextCursor: encodeCursor(startKey), itemsRead };
    }
    ask = nextAsk(query.limit - items.length, items.length, itemsRead, ask);
  }
}

/** Over the rate seen so far: the page then fills in one more request more often than not. */
const MARGIN = 1.5;

/**
 * How many items to ask for next, for `need` more kept, having kept `kept` of `read` and last
 * asked for `asked`: what the rate so far predicts, with a margin, and at most twice as many as
 * before (a clump of misses says little about what follows), twice as many when none was kept.
 */
function nextAsk(need: number, kept: number, read: number, asked: number): number {
  if (kept === 0) return asked * 2;
  return Math.min(asked * 2, Math.max(need, Math.ceil((need * read * MARGIN) / kept)));
}
