/**
 * The audit trail of personal data, in the `plans` table (AUDIT_TRAIL in ./tables.ts), which holds
 * no ID numbers itself: the function reading the trail is granted no table that does. This module alone knows
 * its keys. Append-only: entries are put once, on a condition, and nothing here updates or deletes
 * them; no route writes them.
 *
 * Access patterns:
 * - a Beijing month's entries, newest first, within dates:
 *     Query pk = AUDIT#<YYYY-MM>, sk BETWEEN <from instant> AND <until instant> (sk = <at>#<id>)
 *   One partition per month keeps each partition bounded; a window of dates reads its months in turn.
 * - one actor's entries, newest first, within dates:
 *     Query gsi1 gsi1pk = AUDIT#ACTOR#<userId>, gsi1sk BETWEEN ... (gsi1sk = <at>#<id>)
 * Writers are granted PutItem on AUDIT# partitions only (infra/cloud/function-grants.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditWindow,
  beijingMonthOf,
  monthsNewestFirst,
  startOfBeijingDate,
} from '#shared/domain/audit/audit';
import { AuditEntry } from '#shared/domain/audit/schemas';
import type { Page } from '#shared/domain/common';
import { shiftDate } from '#shared/domain/dates';
import { db } from './client';
import { cursorJson, invalidCursor } from './cursor';
import { queryPage } from './query-page';
import { AUDIT_TRAIL, tableName } from './tables';

// Every partition key starts with the prefix writers are confined to (AUDIT_TRAIL).
const { table: TABLE, partitionPrefix: PREFIX } = AUDIT_TRAIL;
const monthPartition = (month: string) => `${PREFIX}${month}`;
export const auditActorPartition = (actor: string) => `${PREFIX}ACTOR#${actor}`;

function auditItem(entry: AuditEntry) {
  const order = `${entry.at}#${entry.id}`;
  return {
    pk: monthPartition(beijingMonthOf(entry.at)),
    sk: order,
    gsi1pk: auditActorPartition(entry.actor),
    gsi1sk: order,
    entity: 'audit',
    ...entry,
  };
}

/**
 * Appends one entry. The condition makes it a pure append: an existing item (an id given twice)
 * is never overwritten, and the put fails instead.
 */
export async function appendAuditEntry(entry: AuditEntry): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName(TABLE),
      Item: auditItem(entry),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export interface AuditListing {
  actor?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Sort keys are `<at>#<id>`: bare instants bound them, `until` (the next day's start) excluded. */
function between(window: AuditWindow) {
  return { ':from': startOfBeijingDate(window.from), ':until': startOfBeijingDate(shiftDate(window.to, 1)) };
}

const entriesOf = (items: readonly Record<string, unknown>[]) => items.map((item) => AuditEntry.parse(item));

/** A cursor across months: the month being read and, within it, the query's own cursor. */
interface MonthCursor {
  month: string;
  within?: string | undefined;
}

const encodeMonthCursor = (cursor: MonthCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeMonthCursor(cursor: string, months: readonly string[]): MonthCursor {
  const invalid = invalidCursor;
  const decoded = cursorJson(cursor);
  const { month, within } = (decoded ?? {}) as Partial<Record<keyof MonthCursor, unknown>>;
  // A month outside the window is another reading's cursor.
  if (typeof month !== 'string' || !months.includes(month)) throw invalid();
  if (within !== undefined && typeof within !== 'string') throw invalid();
  return { month, within };
}

/** The entries of the window's months, newest first, read month by month until the page is full. */
async function listByMonths(window: AuditWindow, listing: AuditListing): Promise<Page<AuditEntry>> {
  const months = monthsNewestFirst(window);
  const start = listing.cursor ? decodeMonthCursor(listing.cursor, months) : { month: months[0] as string };
  const items: AuditEntry[] = [];
  let within = start.within;
  for (let index = months.indexOf(start.month); index < months.length; index++) {
    const month = months[index] as string;
    const page = await queryPage({
      table: TABLE,
      partition: { pk: monthPartition(month) },
      sortCondition: 'sk BETWEEN :from AND :until',
      values: between(window),
      limit: listing.limit - items.length,
      cursor: within,
      descending: true,
    });
    items.push(...entriesOf(page.items));
    within = undefined;
    if (items.length < listing.limit) continue;
    // Full: go on within this month, or from the start of the next older one.
    if (page.nextCursor) return { items, nextCursor: encodeMonthCursor({ month, within: page.nextCursor }) };
    const older = months[index + 1];
    return { items, nextCursor: older ? encodeMonthCursor({ month: older }) : null };
  }
  return { items, nextCursor: null };
}

/** Entries within the window's Beijing dates, newest first; only one actor's when `actor` is given. */
export async function listAuditEntries(
  window: AuditWindow,
  listing: AuditListing,
): Promise<Page<AuditEntry>> {
  if (!listing.actor) return listByMonths(window, listing);
  const page = await queryPage({
    table: TABLE,
    index: 'gsi1',
    partition: { gsi1pk: auditActorPartition(listing.actor) },
    sortCondition: 'gsi1sk BETWEEN :from AND :until',
    values: between(window),
    limit: listing.limit,
    cursor: listing.cursor,
    descending: true,
  });
  return { items: entriesOf(page.items), nextCursor: page.nextCursor };
}
