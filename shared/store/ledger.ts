/**
 * The credit-hour ledger, in the `registrations` table. This module alone knows its keys.
 *
 * Access patterns:
 * - a trainee's entries of a year: Query pk = TRAINEE#<traineeId>, begins_with(sk, CREDIT#<year>#)
 *   (a person passes a handful of sessions a year, so the sum is read, not kept)
 * - one entry per registration: sk = CREDIT#<year>#<registrationId>, written conditionally, so a
 *   result recorded twice never adds its hours twice.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { LedgerEntry } from '#shared/domain/trainees/schemas';
import { queryPage } from './query-page';
import { tableName } from './tables';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const entryKey = (entry: Pick<LedgerEntry, 'traineeId' | 'year' | 'registrationId'>) => ({
  pk: `TRAINEE#${entry.traineeId}`,
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

export async function ledgerEntries(traineeId: string, year: number): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'registrations',
      partition: { pk: `TRAINEE#${traineeId}` },
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
