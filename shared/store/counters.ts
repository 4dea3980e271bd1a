/**
 * Yearly counters kept at write time, so the year-end report reads a few counter items instead
 * of every registration. They live beside what they count, in the `plans` table:
 * - per plan:               pk = PLAN#<planId>, sk = COUNTERS#<year>
 * - per host organization:  pk = ORG#<orgId>,   sk = COUNTERS#<year>
 * Each change is an ADD inside the same transaction as the write it counts, so counters never
 * drift from the registrations.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { tableName } from './tables';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const COUNTER_NAMES = [
  'sessions',
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

const counterKey = (owner: CounterOwner, year: number) => ({
  pk: owner.kind === 'plan' ? `PLAN#${owner.id}` : `ORG#${owner.id}`,
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

/** A change of one owner's counters of one year. */
export interface CounterChange {
  owner: CounterOwner;
  year: number;
  deltas: CounterDeltas;
}

/**
 * Transaction items for `changes`, those of the same owner and year summed into one item: one
 * write may count on the same counters twice (a revocation takes back both the certificate and the
 * pass it attests), and a transaction may touch an item only once.
 */
export function mergedCounterUpdates(changes: readonly CounterChange[]): TransactItem[] {
  const merged = new Map<string, CounterChange>();
  for (const change of changes) {
    const key = `${ownerKey(change.owner)}#${change.year}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...change, deltas: { ...change.deltas } });
      continue;
    }
    for (const [name, delta] of Object.entries(change.deltas) as [CounterName, number][]) {
      into.deltas[name] = (into.deltas[name] ?? 0) + delta;
    }
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
