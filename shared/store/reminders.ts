/**
 * Reminder bookkeeping, in the `plans` table. This module alone knows its keys.
 *
 * Access patterns:
 * - what is due on a day:  Query pk = DUE#<date> (sk = <kind>#<sessionId>); written beside the
 *   session whenever its dates are written, so a day's run reads only that day's items
 * - sent once:             pk = SENT#<person>#<kind>#<subject>#<dueDate>, sk = SENT, claimed with a
 *   conditional put before sending (a lease covers a sender that dies mid-way), marked sent after
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type DueItem,
  SESSION_REMINDER_KINDS,
  type SessionReminderKind,
} from '#shared/domain/reminders/schedule';
import { db } from './client';
import { queryPage } from './query-page';
import { tableName } from './tables';
import type { TransactItem } from './transact';

const dueKey = (item: DueItem) => ({ pk: `DUE#${item.date}`, sk: `${item.kind}#${item.sessionId}` });
const dueItem = (item: DueItem) => ({ ...dueKey(item), entity: 'due', ...item });

/** Transaction items writing `items` (idempotent: the same day, kind and session is one item). */
export const dueItemPuts = (items: readonly DueItem[]): TransactItem[] =>
  items.map((item) => ({ Put: { TableName: tableName('plans'), Item: dueItem(item) } }));

export async function putDueItems(items: readonly DueItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: Record<string, unknown>[] | undefined = items
      .slice(start, start + 25)
      .map((item) => ({ PutRequest: { Item: dueItem(item) } }));
    for (let round = 0; requests && requests.length > 0 && round < 10; round++) {
      const answer = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName('plans')]: requests } }),
      );
      requests = answer.UnprocessedItems?.[tableName('plans')] as Record<string, unknown>[] | undefined;
    }
  }
}

/** Everything due on `date`, and how many items were read (the work of the day). */
export async function dueOn(date: string): Promise<DueItem[]> {
  const items: DueItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({ table: 'plans', partition: { pk: `DUE#${date}` }, limit: 200, cursor });
    for (const item of page.items) {
      if ((SESSION_REMINDER_KINDS as readonly string[]).includes(item.kind as string)) {
        items.push({ date, kind: item.kind as SessionReminderKind, sessionId: item.sessionId as string });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** A sender dead mid-send leaves its claim; after this, another may take it over. */
export const SENDING_LEASE_SECONDS = 300;

export const sentRecordKey = (key: string) => ({ pk: `SENT#${key}`, sk: 'SENT' });

export type ReminderClaim = 'claimed' | 'already-sent' | 'being-sent';

/** Claims the right to send reminder `key`; only one sender ever gets 'claimed' for a live claim. */
export async function claimReminder(key: string, now: Date): Promise<ReminderClaim> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('plans'),
        Item: { ...sentRecordKey(key), state: 'sending', leaseUntil: nowSeconds + SENDING_LEASE_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':now': nowSeconds },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: sentRecordKey(key), ConsistentRead: true }),
  );
  return Item?.state === 'sent' ? 'already-sent' : 'being-sent';
}

export async function markReminderSent(key: string, now: Date): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName('plans'),
      Key: sentRecordKey(key),
      UpdateExpression: 'SET #state = :sent, sentAt = :at REMOVE leaseUntil',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': now.toISOString() },
    }),
  );
}

/** Gives a claim back after a failed send, so the retry can send. */
export async function releaseReminder(key: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName('plans'), Key: sentRecordKey(key) }));
}
