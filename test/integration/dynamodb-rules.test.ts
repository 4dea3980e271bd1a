/**
 * The conflict-faithful mode (infra/local/dynamodb-rules.ts) against DynamoDB Local: transactions
 * on a held item are cancelled with the cloud's reasons, single writes on it refused, disjoint
 * items untouched, throttling retried by the SDK before it surfaces, and every write logged with
 * its writer. A gate holds one transaction in flight, so what happens meanwhile is certain.
 */
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  applyCloudRules,
  type CloudRules,
  runAsWriter,
  type WriteLogEntry,
} from '#infra/local/dynamodb-rules';

const TABLE = 'plans';
let run = 0;
const keyOf = (name: string) => ({ pk: `RULES#${process.pid}#${run}#${name}`, sk: 'ITEM' });

function newClient(maxAttempts = 3) {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
  });
  return { client, db: DynamoDBDocumentClient.from(client) };
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
const bump = (name: string): TransactItems[number] => ({
  Update: {
    TableName: TABLE,
    Key: keyOf(name),
    UpdateExpression: 'ADD hits :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});
const put = (name: string): TransactItems[number] => ({
  Put: { TableName: TABLE, Item: { ...keyOf(name) } },
});

/**
 * Holds the next TransactWriteItems the client sends in flight (after the rules saw it, before
 * DynamoDB Local answers) until `release`.
 */
function gateNextTransaction(client: DynamoDBClient) {
  let reached!: () => void;
  let release!: () => void;
  const isReached = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let used = false;
  client.middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        if (!used && context.commandName === 'TransactWriteItemsCommand') {
          used = true;
          reached();
          await released;
        }
        return next(args);
      }) as never,
    { step: 'deserialize', priority: 'high', name: `gate-${run}` },
  );
  return { reached: isReached, release };
}

const opened: { client: DynamoDBClient; rules: CloudRules }[] = [];
function withRules(options: Parameters<typeof applyCloudRules>[1] = {}, maxAttempts = 3) {
  run++;
  const { client, db } = newClient(maxAttempts);
  const rules = applyCloudRules(client, options);
  opened.push({ client, rules });
  return { client, db, rules };
}

afterEach(() => {
  for (const { client, rules } of opened.splice(0)) {
    rules.remove();
    client.destroy();
  }
});

const reasonCodes = (error: unknown) =>
  ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);

describe('the conflict-faithful mode', () => {
  it('cancels every transaction on an item another holds, with TransactionConflict at its index', async () => {
    const { client, db, rules } = withRules();
    const gate = gateNextTransaction(client);
    const first = db.send(new TransactWriteCommand({ TransactItems: [bump('hot'), put('first')] }));
    await gate.reached;

    const others = await Promise.allSettled(
      Array.from({ length: 9 }, (_, n) =>
        db.send(
          new TransactWriteCommand({
            // The hot item at index n % 3: its reason is there, None at the others.
            TransactItems: [put(`a${n}`), put(`b${n}`), put(`c${n}`)].toSpliced(n % 3, 1, bump('hot')),
          }),
        ),
      ),
    );
    gate.release();
    await first;

    expect(others.map((outcome) => outcome.status)).toEqual(Array(9).fill('rejected'));
    others.forEach((outcome, n) => {
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(TransactionCanceledException);
      const expected = ['None', 'None', 'None'].toSpliced(n % 3, 1, 'TransactionConflict');
      expect(reasonCodes(error)).toEqual(expected);
      expect(error.message).toBe(
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${expected.join(', ')}]`,
      );
      // Not retried by the SDK: the cloud's conflicts reach the caller at once.
      expect(error.$metadata.attempts).toBe(1);
    });
    expect(rules.refused.transactionConflicts).toBe(9);
    const { Item } = await db.send(
      new GetCommand({ TableName: TABLE, Key: keyOf('hot'), ConsistentRead: true }),
    );
    expect(Item?.hits).toBe(1);
    // Nothing of a cancelled transaction was written.
    const { Item: other } = await db.send(new GetCommand({ TableName: TABLE, Key: keyOf('a1') }));
    expect(other).toBeUndefined();

    // Its answer returned, the item is free again.
    await db.send(new TransactWriteCommand({ TransactItems: [bump('hot')] }));
  });

  it('lets as many concurrent transactions on one item succeed as the item records', async () => {
    const { db, rules } = withRules();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) =>
        db.send(new TransactWriteCommand({ TransactItems: [bump('counted'), put(`own${n}`)] })),
      ),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const cancelled = outcomes.filter(
      (outcome) =>
        outcome.status === 'rejected' && reasonCodes(outcome.reason).join() === 'TransactionConflict,None',
    ).length;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded + cancelled).toBe(40);
    expect(rules.refused.transactionConflicts).toBe(cancelled);
    const { Item } = await db.send(
      new GetCommand({ TableName: TABLE, Key: keyOf('counted'), ConsistentRead: true }),
    );
    expect(Item?.hits).toBe(succeeded);
  });

  it('refuses a put, update or delete on a held item with TransactionConflictException', async () => {
    const { client, db, rules } = withRules();
    const gate = gateNextTransaction(client);
    const held = db.send(new TransactWriteCommand({ TransactItems: [bump('held')] }));
    await gate.reached;

    const single = await Promise.allSettled([
      db.send(new PutCommand({ TableName: TABLE, Item: { ...keyOf('held'), replaced: true } })),
      db.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: keyOf('held'),
          UpdateExpression: 'SET touched = :yes',
          ExpressionAttributeValues: { ':yes': true },
        }),
      ),
      db.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: TABLE, Key: keyOf('held') } }] })),
      // A plain read of a held item is served.
      db.send(new GetCommand({ TableName: TABLE, Key: keyOf('held') })),
    ]);
    gate.release();
    await held;

    const [putOutcome, updateOutcome, transactGet, get] = single;
    for (const outcome of [putOutcome, updateOutcome]) {
      expect(outcome?.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(TransactionConflictException);
      expect(error.message).toBe('Transaction is ongoing for the item');
      expect(error.$metadata.attempts).toBe(1);
    }
    expect((transactGet as PromiseRejectedResult).reason).toBeInstanceOf(TransactionCanceledException);
    expect(reasonCodes((transactGet as PromiseRejectedResult).reason)).toEqual(['TransactionConflict']);
    expect(get?.status).toBe('fulfilled');
    expect(rules.refused.writeConflicts).toBe(2);
    const { Item } = await db.send(
      new GetCommand({ TableName: TABLE, Key: keyOf('held'), ConsistentRead: true }),
    );
    expect(Item).toEqual({ ...keyOf('held'), hits: 1 });
  });

  it('lets transactions and writes on other items through while one is in flight', async () => {
    const { client, db, rules } = withRules();
    const gate = gateNextTransaction(client);
    const held = db.send(new TransactWriteCommand({ TransactItems: [bump('mine'), put('mine-too')] }));
    await gate.reached;

    await db.send(new TransactWriteCommand({ TransactItems: [bump('yours'), put('yours-too')] }));
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...keyOf('theirs') } }));
    gate.release();
    await held;
    expect(rules.refused).toEqual({ transactionConflicts: 0, writeConflicts: 0, throttled: 0 });
  });

  it('throttles at rate 1: the SDK retries the throttled request, then surfaces the exception', async () => {
    const { db, rules } = withRules({ throttleRate: 1 }, 3);
    const error = await db
      .send(new PutCommand({ TableName: TABLE, Item: { ...keyOf('throttled') } }))
      .catch((caught: unknown) => caught as Error & { $metadata: { attempts?: number } });
    expect(
      error instanceof ThrottlingException || error instanceof ProvisionedThroughputExceededException,
    ).toBe(true);
    expect(error.$metadata.attempts).toBe(3);
    expect(rules.refused.throttled).toBe(3);
  }, 30_000);

  it('logs each write with its table, key and the writer it was made for', async () => {
    const entries: WriteLogEntry[] = [];
    const { db } = withRules({ writeLog: (entry) => entries.push(entry) });
    await Promise.all([
      runAsWriter('POST /sessions/a/registrations', () =>
        db.send(new TransactWriteCommand({ TransactItems: [bump('shared'), put('only-a')] })),
      ),
      runAsWriter('POST /sessions/b/registrations', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await db.send(new PutCommand({ TableName: TABLE, Item: { ...keyOf('only-b') } }));
      }),
    ]);
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...keyOf('nobody') } }));

    const seen = entries.map(({ writer, operation, table, key, action, outcome }) => ({
      writer,
      operation,
      table,
      key,
      action,
      outcome,
    }));
    expect(seen).toEqual(
      expect.arrayContaining([
        {
          writer: 'POST /sessions/a/registrations',
          operation: 'TransactWriteItems',
          table: TABLE,
          key: keyOf('shared'),
          action: 'update',
          outcome: 'written',
        },
        {
          writer: 'POST /sessions/a/registrations',
          operation: 'TransactWriteItems',
          table: TABLE,
          key: keyOf('only-a'),
          action: 'put',
          outcome: 'written',
        },
        {
          writer: 'POST /sessions/b/registrations',
          operation: 'PutItem',
          table: TABLE,
          key: keyOf('only-b'),
          action: 'put',
          outcome: 'written',
        },
        {
          writer: null,
          operation: 'PutItem',
          table: TABLE,
          key: keyOf('nobody'),
          action: 'put',
          outcome: 'written',
        },
      ]),
    );
    expect(seen).toHaveLength(4);
  });
});
