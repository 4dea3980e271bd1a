/**
 * Which compilation of a year's evaluation report is the year's report: one pointer item per
 * year in the `plans` table. The report's files themselves are in the report store
 * (shared/reports), each compilation under its own id. This module alone knows the item's keys.
 *
 * Access patterns:
 * - the year's report:        GetItem pk = REPORT#<year>, sk = CURRENT
 * - point at a compilation:   PutItem, the same key, only if no later-started compilation is there
 *
 * Why a pointer, and why here. Compiling writes five objects (the JSON and four files); two
 * compilations of one year (the yearly job and an administrator, or two administrators) may
 * overlap. Each writes its files under its own compilation id, and only then the pointer moves,
 * in one conditional write: a reader follows the pointer and sees one whole compilation, never
 * the JSON of one and a file of another. A lock instead would leave a crashed compiler's lock to
 * expire and make the second compiler wait or fail; the pointer needs neither. The pointer is in
 * DynamoDB, not in the bucket, because the local system runs the same DynamoDB (Local): the
 * conditional write is one implementation for both runtimes, where an S3 conditional put would
 * need a second, file-based one for local files.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { tableName } from './tables';

export interface CurrentCompilation {
  year: number;
  /** Sorts by start time (shared/domain/reports/compilation.ts). */
  compilationId: string;
  /** The report's `generatedAt`. */
  generatedAt: string;
}

export const currentCompilationKey = (year: number) => ({ pk: `REPORT#${year}`, sk: 'CURRENT' });

/** The year's current compilation, or undefined when the year was never compiled. */
export async function getCurrentCompilation(year: number): Promise<CurrentCompilation | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: currentCompilationKey(year) }),
  );
  if (!Item) return undefined;
  return {
    year: Item.year as number,
    compilationId: Item.compilationId as string,
    generatedAt: Item.generatedAt as string,
  };
}

/**
 * Makes `compilation` (all of whose files are stored) the year's report, unless a compilation
 * that started later already is: the later one read the counters later. False when it was not
 * made current; its files stay, unreferenced.
 */
export async function makeCurrentCompilation(compilation: CurrentCompilation): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('plans'),
        Item: { ...currentCompilationKey(compilation.year), entity: 'report-pointer', ...compilation },
        ConditionExpression: 'attribute_not_exists(pk) OR compilationId < :compilationId',
        ExpressionAttributeValues: { ':compilationId': compilation.compilationId },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
