/**
 * Transactions with their outcome read the way the rules need it: which conditions failed (full
 * session, already registered, changed meanwhile). A conflict with another transaction in flight
 * is not an answer but a reason to try again, so it surfaces as VersionConflict for the retry loop.
 */
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { VersionConflict } from './optimistic';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type TransactOutcome = { ok: true } | { ok: false; failedConditions: number[] };

export async function transact(items: TransactItem[]): Promise<TransactOutcome> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (error instanceof TransactionConflictException) throw new VersionConflict('Transaction conflict');
    if (!(error instanceof TransactionCanceledException)) throw error;
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError')) {
      throw new VersionConflict('Transaction conflict');
    }
    const failedConditions = codes.flatMap((code, index) =>
      code === 'ConditionalCheckFailed' ? [index] : [],
    );
    if (failedConditions.length === 0) throw error;
    return { ok: false, failedConditions };
  }
}
