/**
 * Yearly counters, so the year-end report reads a few counter items instead of every
 * registration. They live beside what they count, in the `plans` table:
 * - per plan:               pk = PLAN#<planId>, sk = COUNTERS#<year>
 * - per host organization:  pk = ORG#<orgId>,   sk = COUNTERS#<year>
 * Two writers keep them:
 * - sessions, certificates and revocations ADD theirs inside the transaction of the write they
 *   count (rare writes, one per act of a host or the office);
 * - what registrations count (confirmed, completed, failed, hours, held) is added by the counters
 *   aggregator from the registrations table's stream (functions/counters), so no registration,
 *   cancellation or result shares an item with any other session's: one conditional UpdateItem per
 *   counter item per batch, carrying the shard's watermark `stream:<shardId>` = { sequence,
 *   writtenAt } (../domain/counters/stream-batch.ts), so a batch delivered again is not counted twice.
 * - how far the aggregator has got: pk = COUNTERS#STREAM, sk = PROGRESS (`appliedThrough`, the
 *   write time of the newest change applied), for the report to say how fresh its counters are.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ItemShare,
  pendingAfter,
  staleWatermarks,
  summedDeltas,
} from '#shared/domain/counters/stream-batch';
import { db } from './client';
import { orgPk } from './organizations';
import { planPk } from './plans';
import { tableName } from './tables';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const COUNTER_NAMES = [
  /** Sessions created. */
  'sessions',
  /** Sessions with at least one result recorded: bumped with the first (shared/store/sessions.ts). */
  'held',
  'confirmed',
  'completed',
  'failed',
  'hours',
  'certificates',
  'revoked',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type CounterDeltas = Partial<Record<CounterName, number>>;
export type Counters = Record<CounterName, number>;

export type CounterOwner = { kind: 'plan'; id: string } | { kind: 'org'; id: string };

export const counterKey = (owner: CounterOwner, year: number) => ({
  pk: owner.kind === 'plan' ? planPk(owner.id) : orgPk(owner.id),
  sk: `COUNTERS#${year}`,
});

/** Transaction items adding `deltas` to each owner's counters of `year` (none when all are zero). */
export function counterUpdates(
  owners: readonly CounterOwner[],
  year: number,
  deltas: CounterDeltas,
): TransactItem[] {
  const changes = Object.entries(deltas).filter(([, delta]) => delta !== undefined && delta !== 0) as [
    CounterName,
    number,
  ][];
  if (changes.length === 0) return [];
  return owners.map((owner) => ({
    Update: {
      TableName: tableName('plans'),
      Key: counterKey(owner, year),
      UpdateExpression: `ADD ${changes.map((_, i) => `#c${i} :c${i}`).join(', ')} SET #year = :year`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(changes.map(([name], i) => [`#c${i}`, name])),
        '#year': 'year',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(changes.map(([, delta], i) => [`:c${i}`, delta])),
        ':year': year,
      },
    },
  }));
}

/** Deltas for one owner's counters of one year. */
export interface CounterChange {
  owner: CounterOwner;
  year: number;
  deltas: CounterDeltas;
}

/**
 * Transaction items for `changes`, those of the same owner and year added up into one update: a
 * transaction may touch an item only once (a result and the first result of its session both
 * count for the same plan and host).
 */
export function counterChanges(changes: readonly CounterChange[]): TransactItem[] {
  const merged = new Map<string, CounterChange>();
  for (const change of changes) {
    const key = `${ownerKey(change.owner)}#${change.year}`;
    const into = merged.get(key) ?? { owner: change.owner, year: change.year, deltas: {} };
    for (const [name, delta] of Object.entries(change.deltas) as [CounterName, number | undefined][]) {
      into.deltas[name] = (into.deltas[name] ?? 0) + (delta ?? 0);
    }
    merged.set(key, into);
  }
  return [...merged.values()].flatMap((change) => counterUpdates([change.owner], change.year, change.deltas));
}

/** Counters of many owners for one year (BatchGet, 100 keys a call); absent ones are zeros. */
export async function readManyCounters(
  owners: readonly CounterOwner[],
  year: number,
): Promise<Map<string, Counters>> {
  const byKey = new Map<string, Counters>();
  const zero = () => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
  for (const owner of owners) byKey.set(ownerKey(owner), zero());
  for (let start = 0; start < owners.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = owners
      .slice(start, start + 100)
      .map((owner) => counterKey(owner, year));
    for (let round = 0; keys && keys.length > 0 && round < 10; round++) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName('plans')]: { Keys: keys } } }),
      );
      for (const item of answer.Responses?.[tableName('plans')] ?? []) {
        const counters = byKey.get(String(item.pk));
        if (counters) for (const name of COUNTER_NAMES) counters[name] = Number(item[name] ?? 0);
      }
      keys = answer.UnprocessedKeys?.[tableName('plans')]?.Keys;
    }
    // Still throttled after ten rounds: fail loudly rather than answer with rows missing.
    if (keys && keys.length > 0) throw new Error(`${keys.length} items could not be read (unprocessed keys)`);
  }
  return byKey;
}

/** The key a counter map is looked up by: `PLAN#<id>` or `ORG#<id>`. */
export const ownerKey = (owner: CounterOwner) => counterKey(owner, 0).pk;

export async function readCounters(owner: CounterOwner, year: number): Promise<Counters> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: counterKey(owner, year), ConsistentRead: true }),
  );
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, Number(Item?.[name] ?? 0)])) as Counters;
}

/** The attribute of a counter item holding a shard's watermark. */
const WATERMARK_PREFIX = 'stream:';
/** The item that says how far the aggregator has got (`appliedThrough`). */
export const COUNTS_PROGRESS_KEY = { pk: 'COUNTERS#STREAM', sk: 'PROGRESS' };

interface Watermark {
  sequence: string;
  writtenAt: number;
}

/** Rounds of "the watermark moved meanwhile" before the share is reported failed (and redelivered). */
const WATERMARK_ROUNDS = 5;

/**
 * Adds one counter item's share of a batch of shard `shardId`, leaving out the records its
 * watermark says it has taken in already: one conditional UpdateItem (ADD the summed deltas, SET
 * the watermark to the last record) that holds only while the watermark is below the first
 * record added. When it does not hold (a redelivery, or another reader of the same shard got
 * there first), the watermark is read and the rest, if any, added the same way.
 */
export async function applyItemShare(
  shardId: string,
  share: ItemShare,
  sessionItem?: { pk: string; sk: string },
): Promise<void> {
  const { owner } = share;
  // A session's stream-counted seats go on the session item itself (`sessionItem`, its key being
  // the sessions module's), which keeps its own year and is never created by its count.
  const yearly = owner.kind !== 'session';
  const key = owner.kind === 'session' ? sessionItem : counterKey(owner, share.year);
  if (!key) throw new Error(`The seats of session ${owner.id} need its item's key`);
  const markName = `${WATERMARK_PREFIX}${shardId}`;
  let watermark: string | undefined;
  for (let round = 0; round < WATERMARK_ROUNDS; round++) {
    const pending = pendingAfter(share, watermark);
    const first = pending[0];
    const last = pending.at(-1);
    if (!first || !last) return;
    const deltas = Object.entries(summedDeltas(share.owner, share.year, pending));
    const fresh = 'attribute_not_exists(#mark) OR #mark.#sequence < :first';
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName('plans'),
          Key: key,
          UpdateExpression:
            `SET #mark = :mark${yearly ? ', #year = :year' : ''}` +
            (deltas.length > 0 ? ` ADD ${deltas.map((_, i) => `#c${i} :c${i}`).join(', ')}` : ''),
          ConditionExpression: yearly ? fresh : `attribute_exists(pk) AND (${fresh})`,
          ExpressionAttributeNames: {
            '#mark': markName,
            '#sequence': 'sequence',
            ...(yearly ? { '#year': 'year' } : {}),
            ...Object.fromEntries(deltas.map(([name], i) => [`#c${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':mark': { sequence: last.sequence, writtenAt: last.writtenAt } satisfies Watermark,
            ':first': first.sequence,
            ...(yearly ? { ':year': share.year } : {}),
            ...Object.fromEntries(deltas.map(([, delta], i) => [`:c${i}`, delta])),
          },
          ReturnValues: 'ALL_NEW',
          ...(yearly ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
        }),
      );
      await dropStaleWatermarks(key, Attributes ?? {}, last.writtenAt);
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A session gone (none is, once registered for) has no seats left to count.
      if (!yearly && !error.Item) return;
      watermark = await readWatermark(key, markName);
    }
  }
  throw new Error(`The watermark of shard ${shardId} on ${key.pk}/${key.sk} kept moving`);
}

async function readWatermark(key: { pk: string; sk: string }, markName: string): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('plans'),
      Key: key,
      ProjectionExpression: '#mark',
      ExpressionAttributeNames: { '#mark': markName },
      ConsistentRead: true,
    }),
  );
  return (Item?.[markName] as Watermark | undefined)?.sequence;
}

/**
 * Removes the watermarks of shards the item has heard nothing from for long (the stream no longer
 * holds their records), each only if it is still the one read. A failure leaves them for the next
 * batch: they take room, never change a count.
 */
async function dropStaleWatermarks(
  key: { pk: string; sk: string },
  item: Record<string, unknown>,
  newest: number,
): Promise<void> {
  const marks = Object.entries(item)
    .filter(([name]) => name.startsWith(WATERMARK_PREFIX))
    .map(([name, mark]) => ({ name, ...(mark as Watermark) }));
  const stale = new Set(
    staleWatermarks(
      marks.map((mark) => ({ shardId: mark.name, writtenAt: Number(mark.writtenAt) })),
      newest,
    ),
  );
  const dropped = marks.filter((mark) => stale.has(mark.name));
  if (dropped.length === 0) return;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: key,
        UpdateExpression: `REMOVE ${dropped.map((_, i) => `#m${i}`).join(', ')}`,
        ConditionExpression: dropped.map((_, i) => `#m${i}.#sequence = :s${i}`).join(' AND '),
        ExpressionAttributeNames: {
          '#sequence': 'sequence',
          ...Object.fromEntries(dropped.map((mark, i) => [`#m${i}`, mark.name])),
        },
        ExpressionAttributeValues: Object.fromEntries(dropped.map((mark, i) => [`:s${i}`, mark.sequence])),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The shards whose watermark a counter item carries (for tests and operators). */
export async function counterWatermarks(
  owner: CounterOwner,
  year: number,
): Promise<Record<string, Watermark>> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: counterKey(owner, year), ConsistentRead: true }),
  );
  return Object.fromEntries(
    Object.entries(Item ?? {})
      .filter(([name]) => name.startsWith(WATERMARK_PREFIX))
      .map(([name, mark]) => [name.slice(WATERMARK_PREFIX.length), mark as Watermark]),
  );
}

/** Notes that the aggregator has applied changes written up to `writtenAt` (epoch seconds); never moves back. */
export async function recordCountsAppliedThrough(writtenAt: number): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: COUNTS_PROGRESS_KEY,
        UpdateExpression: 'SET appliedThrough = :at',
        ConditionExpression: 'attribute_not_exists(appliedThrough) OR appliedThrough < :at',
        ExpressionAttributeValues: { ':at': writtenAt },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The write time of the newest registration change the counters hold; undefined before any. */
export async function countsAppliedThrough(): Promise<Date | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: COUNTS_PROGRESS_KEY, ConsistentRead: true }),
  );
  return Item?.appliedThrough === undefined ? undefined : new Date(Number(Item.appliedThrough) * 1000);
}
