/**
 * Counts, while on, every command a benchmark's store client sends: the items it read (scanned by
 * queries before filters, returned by gets and batch gets), the capacity DynamoDB reports consumed
 * (asked for on every input, as `ReturnConsumedCapacity: TOTAL`), the requests and the Scans.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READ_COMMANDS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
}
const unitsOf = (consumed: Capacity | Capacity[] | undefined) =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum, entry) => sum + (entry.CapacityUnits ?? 0),
    0,
  );

export interface StoreTally {
  requests: number;
  itemsRead: number;
  readUnits: number;
  writeUnits: number;
  scans: number;
}

const zero = (): StoreTally => ({ requests: 0, itemsRead: 0, readUnits: 0, writeUnits: 0, scans: 0 });

export function countStoreCalls(db: DynamoDBDocumentClient) {
  let on = false;
  let tally = zero();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (!on) return next(args);
      const input = { ...(args.input as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
      const answer = await next({ ...args, input });
      const output = answer.output as {
        Item?: unknown;
        Items?: unknown[];
        ScannedCount?: number;
        Responses?: Record<string, unknown[]> | unknown[];
        ConsumedCapacity?: Capacity | Capacity[];
      };
      const command = context.commandName ?? '';
      tally.requests += 1;
      if (command === 'ScanCommand') tally.scans += 1;
      if (READ_COMMANDS.has(command)) {
        tally.readUnits += unitsOf(output.ConsumedCapacity);
        if (output.ScannedCount !== undefined) tally.itemsRead += output.ScannedCount;
        else if (output.Items) tally.itemsRead += output.Items.length;
        else if (output.Item) tally.itemsRead += 1;
        else if (Array.isArray(output.Responses)) tally.itemsRead += output.Responses.length;
        else if (output.Responses)
          for (const items of Object.values(output.Responses)) tally.itemsRead += items.length;
      } else {
        tally.writeUnits += unitsOf(output.ConsumedCapacity);
      }
      return answer;
    },
    { step: 'initialize', name: 'benchStoreCounter', priority: 'high' },
  );
  return {
    start(): void {
      tally = zero();
      on = true;
    },
    stop(): StoreTally {
      on = false;
      return {
        ...tally,
        readUnits: Number(tally.readUnits.toFixed(1)),
        writeUnits: Number(tally.writeUnits.toFixed(1)),
      };
    },
  };
}
