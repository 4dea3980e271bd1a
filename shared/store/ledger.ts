/**
 * The credit-hour ledger, in the `registrations` table. This module alone knows its keys.
 *
 * Access patterns:
 * - a trainee's entries of a year: Query pk = TRAINEE#<traineeId>, begins_with(sk, CREDIT#<year>#)
 *   (a person passes a handful of sessions a year, so the sum is read, not kept)
 * - one entry per registration: sk = CREDIT#<year>#<registrationId>, written conditionally, so a
 *   result recorded twice never adds its hours twice.
 * - at most one reversing entry per registration (its certificate revoked):
 *   sk = CREDIT#<year>#<registrationId>#REVERSAL, written conditionally beside the original, which
 *   stays; the year's query reads both, so the sum drops.
 * - a page of a trainee's ledger, oldest first: the year's query, ordered and cut in memory. The
 *   keys sort by registration, not by when an entry was recorded, and a year holds a handful of
 *   entries (the credits read them all too); the cursor is the last entry's place in that order.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { badRequest } from '#shared/domain/errors';
import {
  entriesAfter,
  inLedgerOrder,
  type LedgerPosition,
  positionOf,
  reversedRegistrations,
} from '#shared/domain/trainees/ledger-items';
import { LedgerEntry } from '#shared/domain/trainees/schemas';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { queryPage } from './query-page';
import { tableName } from './tables';
import { traineePk } from './trainees';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const entryKey = (entry: Pick<LedgerEntry, 'traineeId' | 'year' | 'registrationId'>) => ({
  pk: traineePk(entry.traineeId),
  sk: `CREDIT#${entry.year}#${entry.registrationId}`,
});

/** The transaction item that appends `entry`, failing its condition if it is already there. */
export function appendLedgerEntry(entry: LedgerEntry): TransactItem {
  return {
    Put: {
      TableName: tableName('registrations'),
      Item: { ...entryKey(entry), entity: 'ledger-entry', ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The transaction item that appends the reversal of a registration's entry, once. */
export function appendLedgerReversal(entry: LedgerEntry): TransactItem {
  const key = entryKey(entry);
  return {
    Put: {
      TableName: tableName('registrations'),
      Item: { ...key, sk: `${key.sk}#REVERSAL`, entity: 'ledger-entry', ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The entry a registration's pass added to the ledger of `year`, if any. */
export async function getLedgerEntry(
  traineeId: string,
  year: number,
  registrationId: string,
): Promise<LedgerEntry | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: entryKey({ traineeId, year, registrationId }),
      ConsistentRead: true,
    }),
  );
  return Item ? LedgerEntry.parse(Item) : undefined;
}

export async function ledgerEntries(traineeId: string, year: number): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'registrations',
      partition: { pk: traineePk(traineeId) },
      sortCondition: 'begins_with(sk, :prefix)',
      values: { ':prefix': `CREDIT#${year}#` },
      limit: 200,
      cursor,
    });
    entries.push(...page.items.map((item) => LedgerEntry.parse(item)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** One page of the year's entries in ledger order, and every registration the year reversed. */
export interface LedgerEntryPage extends Page<LedgerEntry> {
  reversed: ReadonlySet<string>;
}

const cursorOf = (year: number, entry: LedgerEntry) => {
  const position = positionOf(entry);
  return encodeCursor({
    year: String(year),
    recordedAt: position.recordedAt,
    registrationId: position.registrationId,
    part: position.reversal ? 'reversal' : 'entry',
  });
};

/** The place a cursor of the same year's ledger points after; a 400 for any other cursor. */
function positionFrom(cursor: string | undefined, year: number): LedgerPosition | undefined {
  const key = decodeCursor(cursor, ['year', 'recordedAt', 'registrationId', 'part'], { year: String(year) });
  if (!key) return undefined;
  if (key.part !== 'entry' && key.part !== 'reversal') {
    throw badRequest(MESSAGES.requests.badCursor(), [
      { field: 'cursor', message: MESSAGES.requests.invalidCursor() },
    ]);
  }
  return {
    recordedAt: key.recordedAt as string,
    registrationId: key.registrationId as string,
    reversal: key.part === 'reversal',
  };
}

export async function ledgerPage(
  traineeId: string,
  year: number,
  limit: number,
  cursor?: string,
): Promise<LedgerEntryPage> {
  const after = positionFrom(cursor, year);
  const ordered = inLedgerOrder(await ledgerEntries(traineeId, year));
  const { entries, more } = entriesAfter(ordered, limit, after);
  const last = entries.at(-1);
  return {
    items: entries,
    nextCursor: more && last ? cursorOf(year, last) : null,
    reversed: reversedRegistrations(ordered),
  };
}
