/**
 * Seeding for the store benchmarks: a BatchWrite of items to one table, what DynamoDB Local leaves
 * unprocessed written again with backoff. The child passes in the document client and
 * command it imported once its environment pointed at its DynamoDB Local.
 */
import type { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface BatchWriter {
  db: DynamoDBDocumentClient;
  BatchWriteCommand: typeof BatchWriteCommand;
}

/** Writes up to 25 items (one BatchWrite's worth) to `table`, retrying what comes back unprocessed. */
export async function batchWrite(
  writer: BatchWriter,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  let requests: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 0; requests && requests.length > 0; round++) {
    if (round >= 10) throw new Error(`${requests.length} items left unprocessed`);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    const answer = await writer.db.send(
      new writer.BatchWriteCommand({ RequestItems: { [table]: requests } }),
    );
    requests = answer.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
  }
}
