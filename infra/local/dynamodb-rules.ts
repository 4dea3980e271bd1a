/**
 * DynamoDB's rules under contention, for tests and benchmarks only (never imported by functions/
 * or shared/, so never in a Lambda bundle). DynamoDB Local queues a transaction behind another on
 * the same item; DynamoDB rejects it. `applyCloudRules` puts a middleware on a DynamoDBClient (and
 * so on every DocumentClient made from it) that rejects as the developer guide's "Transaction
 * conflict handling in DynamoDB" says the cloud does:
 *
 * - An item is held by a TransactWriteItems (every Put, Update, Delete and ConditionCheck in it)
 *   from when the request is sent until its answer returns.
 * - A TransactWriteItems touching an item another in-flight transaction holds fails with
 *   TransactionCanceledException: reason TransactionConflict at that item's index, None elsewhere.
 * - A PutItem, UpdateItem or DeleteItem on a held item fails with TransactionConflictException.
 * - A TransactGetItems reading an item that any write in flight touches (a transaction, a
 *   PutItem, UpdateItem, DeleteItem or a BatchWriteItem) fails with TransactionCanceledException.
 * - BatchWriteItem is not rejected: the guide lists no conflict of a batch's writes with a
 *   transaction (its isolation is per item, not serializable as a unit). Its writes are logged and,
 *   while in flight, count as writes for TransactGetItems.
 * - Reads (GetItem, BatchGetItem, Query, Scan) never conflict: the guide says both may succeed.
 *
 * The errors are the SDK's own exception classes with the cloud's messages and HTTP status, so
 * `instanceof` works in shared/store/transact.ts. The middleware sits inside the SDK's retry loop
 * (each attempt is a request of its own, as in the cloud), so the SDK's retry strategy treats them
 * as it treats the cloud's: it retries throttling (ThrottlingException and
 * ProvisionedThroughputExceededException are in its throttling codes) and surfaces transaction
 * conflicts and cancellations at once (not retryable: neither throttling nor transient).
 *
 * A hold lasts as long as DynamoDB Local and the client's socket queue take to answer, longer
 * under load than the cloud's transaction takes: the mode errs towards more conflicts, never fewer.
 *
 * Item identity is the table and the item's key attributes (shared/store/tables.ts). Holds are kept
 * per process, so every client given the rules in one process sees the others' holds, as every
 * client of one table does in the cloud.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { TABLES } from '#shared/store/tables';

export type WriteAction = 'put' | 'update' | 'delete' | 'check';

export interface WriteLogEntry {
  /** When the answer came back (ISO instant). */
  at: string;
  /** The label of the `runAsWriter` the write was made in; null outside any. */
  writer: string | null;
  operation: 'TransactWriteItems' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';
  table: string;
  /** The item's key attributes, as plain values. */
  key: Record<string, string | number>;
  action: WriteAction;
  /**
   * written: the write took effect (a transaction's check: its transaction succeeded);
   * conflict: refused because another transaction held the item (this item's reason);
   * throttled: the attempt was throttled (nothing written).
   */
  outcome: 'written' | 'conflict' | 'throttled';
}

export interface CloudRulesOptions {
  /** Reject as DynamoDB does on items held by transactions in flight (default true). */
  conflicts?: boolean;
  /** The share of data-plane requests (0 to 1) refused with a throttling exception. */
  throttleRate?: number;
  /** Called with every write (and every refused one), in the order answers arrive. */
  writeLog?: (entry: WriteLogEntry) => void;
}

export interface CloudRules {
  /** What the middleware refused so far. */
  readonly refused: { transactionConflicts: number; writeConflicts: number; throttled: number };
  /** Takes the middleware off the client again. */
  remove(): void;
}

const MIDDLEWARE_NAME = 'cloudDynamoDbRules';

// ---------------------------------------------------------------------------------------------
// Who writes: the label of the request (or job) a write is made for.

const writers = new AsyncLocalStorage<string>();

/** Runs `fn` so that every write it makes (however deep, however async) is logged with `label`. */
export function runAsWriter<T>(label: string, fn: () => T): T {
  return writers.run(label, fn);
}

// ---------------------------------------------------------------------------------------------
// Items: a table and a key, as one string.

type AttributeMap = Record<string, unknown>;

const KEY_ATTRIBUTES = new Map<string, readonly string[]>(
  Object.values(TABLES).map((table) => [table.name, [table.partitionKey, table.sortKey]]),
);

function keyAttributes(table: string): readonly string[] {
  const names = KEY_ATTRIBUTES.get(table);
  if (!names) throw new Error(`dynamodb-rules: no key schema for table ${table} in shared/store/tables.ts`);
  return names;
}

/** A key value as a plain string or number, whether marshalled ({ S: ... }) or not. */
function plain(value: unknown): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (value && typeof value === 'object') {
    const typed = value as { S?: string; N?: string; B?: Uint8Array };
    if (typed.S !== undefined) return typed.S;
    if (typed.N !== undefined) return Number(typed.N);
    if (typed.B !== undefined) return Buffer.from(typed.B).toString('base64');
  }
  throw new Error(
    `dynamodb-rules: a key attribute is neither a string nor a number: ${JSON.stringify(value)}`,
  );
}

interface ItemRef {
  table: string;
  key: Record<string, string | number>;
  id: string;
  action: WriteAction;
}

function itemRef(table: string, attributes: AttributeMap, action: WriteAction): ItemRef {
  const key = Object.fromEntries(keyAttributes(table).map((name) => [name, plain(attributes[name])]));
  return { table, key, id: JSON.stringify([table, ...Object.values(key)]), action };
}

interface Request {
  operation: WriteLogEntry['operation'] | 'TransactGetItems' | 'read' | 'other';
  items: ItemRef[];
}

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
]);

/** What a command touches, from its (marshalled) input. */
function requestOf(commandName: string, input: AttributeMap): Request {
  const table = input.TableName as string;
  switch (commandName) {
    case 'PutItemCommand':
      return { operation: 'PutItem', items: [itemRef(table, input.Item as AttributeMap, 'put')] };
    case 'UpdateItemCommand':
      return { operation: 'UpdateItem', items: [itemRef(table, input.Key as AttributeMap, 'update')] };
    case 'DeleteItemCommand':
      return { operation: 'DeleteItem', items: [itemRef(table, input.Key as AttributeMap, 'delete')] };
    case 'TransactWriteItemsCommand':
      return {
        operation: 'TransactWriteItems',
        items: (input.TransactItems as AttributeMap[]).map((entry) => {
          const { Put, Update, Delete, ConditionCheck } = entry as Record<string, AttributeMap | undefined>;
          if (Put) return itemRef(Put.TableName as string, Put.Item as AttributeMap, 'put');
          if (Update) return itemRef(Update.TableName as string, Update.Key as AttributeMap, 'update');
          if (Delete) return itemRef(Delete.TableName as string, Delete.Key as AttributeMap, 'delete');
          const check = ConditionCheck as AttributeMap;
          return itemRef(check.TableName as string, check.Key as AttributeMap, 'check');
        }),
      };
    case 'BatchWriteItemCommand':
      return { operation: 'BatchWriteItem', items: batchItems(input.RequestItems as AttributeMap) };
    case 'TransactGetItemsCommand':
      return {
        operation: 'TransactGetItems',
        items: (input.TransactItems as { Get: AttributeMap }[]).map(({ Get }) =>
          itemRef(Get.TableName as string, Get.Key as AttributeMap, 'check'),
        ),
      };
    default:
      return { operation: READS.has(commandName) ? 'read' : 'other', items: [] };
  }
}

function batchItems(requestItems: AttributeMap | undefined): ItemRef[] {
  return Object.entries(requestItems ?? {}).flatMap(([table, requests]) =>
    (requests as { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]).map(
      (request) =>
        request.PutRequest
          ? itemRef(table, request.PutRequest.Item, 'put')
          : itemRef(table, request.DeleteRequest?.Key ?? {}, 'delete'),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The holds of this process: items in in-flight transactions, and items any write has in flight.

const heldByTransactions = new Set<string>();
const inFlightWrites = new Map<string, number>();

function startWriting(items: readonly ItemRef[]): void {
  for (const item of items) inFlightWrites.set(item.id, (inFlightWrites.get(item.id) ?? 0) + 1);
}

function doneWriting(items: readonly ItemRef[]): void {
  for (const item of items) {
    const left = (inFlightWrites.get(item.id) ?? 1) - 1;
    if (left > 0) inFlightWrites.set(item.id, left);
    else inFlightWrites.delete(item.id);
  }
}

// ---------------------------------------------------------------------------------------------
// The cloud's errors, made with the SDK's own classes.

const CONFLICT_MESSAGE = 'Transaction is ongoing for the item';

function metadata() {
  return { httpStatusCode: 400, requestId: `cloud-rules-${Math.random().toString(36).slice(2, 12)}` };
}

function transactionCancelled(conflicting: readonly boolean[]): TransactionCanceledException {
  const codes = conflicting.map((conflict) => (conflict ? 'TransactionConflict' : 'None'));
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`;
  return new TransactionCanceledException({
    message,
    Message: message,
    $metadata: metadata(),
    CancellationReasons: conflicting.map((conflict) =>
      conflict ? { Code: 'TransactionConflict', Message: CONFLICT_MESSAGE } : { Code: 'None' },
    ),
  });
}

function transactionConflict(): TransactionConflictException {
  return new TransactionConflictException({ message: CONFLICT_MESSAGE, $metadata: metadata() });
}

function throttled(): Error {
  // On-demand tables answer ThrottlingException, provisioned ones ProvisionedThroughputExceeded.
  return Math.random() < 0.5
    ? new ThrottlingException({
        message: 'Throughput exceeds the current capacity for one or more global secondary indexes.',
        $metadata: metadata(),
      })
    : new ProvisionedThroughputExceededException({
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        $metadata: metadata(),
      });
}

// ---------------------------------------------------------------------------------------------
// The middleware.

type Next = (args: { input: AttributeMap }) => Promise<{ output: AttributeMap }>;

/** Items of a BatchWriteItem that came back unprocessed (not written). */
function unprocessedIds(output: AttributeMap | undefined): Set<string> {
  return new Set(batchItems(output?.UnprocessedItems as AttributeMap | undefined).map((item) => item.id));
}

export function applyCloudRules(client: DynamoDBClient, options: CloudRulesOptions = {}): CloudRules {
  const conflicts = options.conflicts ?? true;
  const throttleRate = options.throttleRate ?? 0;
  if (!(throttleRate >= 0 && throttleRate <= 1))
    throw new Error(`dynamodb-rules: throttleRate ${throttleRate} is not between 0 and 1`);
  const refused = { transactionConflicts: 0, writeConflicts: 0, throttled: 0 };

  const log = (request: Request, items: readonly ItemRef[], outcome: WriteLogEntry['outcome']) => {
    if (!options.writeLog || request.operation === 'TransactGetItems') return;
    const at = new Date().toISOString();
    const writer = writers.getStore() ?? null;
    for (const item of items)
      options.writeLog({
        at,
        writer,
        operation: request.operation as WriteLogEntry['operation'],
        table: item.table,
        key: item.key,
        action: item.action,
        outcome,
      });
  };

  const middleware =
    (next: Next, context: { commandName?: string }) =>
    async (args: { input: AttributeMap }): Promise<{ output: AttributeMap }> => {
      const request = requestOf(context.commandName ?? '', args.input);
      if (request.operation === 'other') return next(args);
      if (throttleRate > 0 && Math.random() < throttleRate) {
        refused.throttled++;
        log(request, request.items, 'throttled');
        throw throttled();
      }
      if (request.operation === 'read') return next(args);
      if (conflicts) refuseConflicts(request);

      // Checked and held in one synchronous step: nothing else runs between them.
      const holds = request.operation === 'TransactWriteItems' && conflicts;
      if (holds) for (const item of request.items) heldByTransactions.add(item.id);
      const writes = request.operation === 'TransactGetItems' ? [] : request.items;
      startWriting(writes);
      try {
        const result = await next(args);
        if (request.operation === 'BatchWriteItem') {
          const unprocessed = unprocessedIds(result.output);
          log(
            request,
            request.items.filter((item) => !unprocessed.has(item.id)),
            'written',
          );
        } else log(request, request.items, 'written');
        return result;
      } finally {
        doneWriting(writes);
        if (holds) for (const item of request.items) heldByTransactions.delete(item.id);
      }
    };

  function refuseConflicts(request: Request): void {
    if (request.operation === 'TransactWriteItems') {
      const conflicting = request.items.map((item) => heldByTransactions.has(item.id));
      if (conflicting.some(Boolean)) {
        refused.transactionConflicts++;
        log(
          request,
          request.items.filter((_, index) => conflicting[index]),
          'conflict',
        );
        throw transactionCancelled(conflicting);
      }
    } else if (request.operation === 'TransactGetItems') {
      const conflicting = request.items.map((item) => inFlightWrites.has(item.id));
      if (conflicting.some(Boolean)) {
        refused.transactionConflicts++;
        throw transactionCancelled(conflicting);
      }
    } else if (request.operation !== 'BatchWriteItem') {
      if (request.items.some((item) => heldByTransactions.has(item.id))) {
        refused.writeConflicts++;
        log(request, request.items, 'conflict');
        throw transactionConflict();
      }
    }
  }

  client.middlewareStack.remove(MIDDLEWARE_NAME);
  // finalizeRequest, below the retry middleware (priority high there): inside the retry loop, so
  // each attempt is checked and held on its own, with the input already marshalled.
  client.middlewareStack.add(middleware as never, {
    step: 'finalizeRequest',
    priority: 'low',
    name: MIDDLEWARE_NAME,
  });
  return { refused, remove: () => void client.middlewareStack.remove(MIDDLEWARE_NAME) };
}
