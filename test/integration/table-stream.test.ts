/**
 * The local stream poller (infra/local/table-stream.ts) against DynamoDB Local's own stream: what
 * the filter lets through, the Lambda shape of what is delivered, ReportBatchItemFailures retries
 * and giving up, stop(), caughtUp(), a tumbling window's events, and a position kept in a file
 * across runs. The file has its own table, so no other test's writes show up.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { localDynamoClient } from '#infra/local/dynamodb';
import type { EventFilterPattern } from '#infra/local/event-filter';
import { type StreamSubscription, startTableStream } from '#infra/local/table-stream';
import { logger } from '#shared/http/logger';

const endpoint = inject('dynamoEndpoint');
const client = localDynamoClient(endpoint);
const tableName = `table-stream-test-${randomUUID().slice(0, 8)}`;

const NEW_NOTICES: EventFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['notice'] } } },
};
const POLL_MS = 50;
const WAIT = { timeout: 10_000, interval: 25 };

type Handler = StreamSubscription['handler'];

function keyOf(pk: string): Record<string, AttributeValue> {
  return { pk: { S: pk }, sk: { S: 'ITEM' } };
}

async function put(pk: string, entity = 'notice', extra: Record<string, AttributeValue> = {}) {
  await client.send(
    new PutItemCommand({ TableName: tableName, Item: { ...keyOf(pk), entity: { S: entity }, ...extra } }),
  );
}

const pkOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S ?? '?';
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '?';

/** A promise the test resolves: a handler awaits it to stay in flight. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function subscribe(
  name: string,
  handler: Handler,
  extra: Partial<StreamSubscription> = {},
  pollMs = POLL_MS,
) {
  return startTableStream(endpoint, { name, tableName, filter: NEW_NOTICES, handler, ...extra }, { pollMs });
}

beforeAll(async () => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

describe('startTableStream', () => {
  it('delivers a matching insert once, in Lambda’s shape, and nothing the filter leaves out', async () => {
    const events: DynamoDBStreamEvent[] = [];
    const contexts: Context[] = [];
    const stream = subscribe('notifier', async (event, context) => {
      events.push(event);
      contexts.push(context);
    });
    try {
      await stream.ready;
      await put('filter-other', 'registration');
      await put('filter-1', 'notice', { count: { N: '42' }, payload: { B: new Uint8Array([1, 2, 3]) } });
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf('filter-1'),
          UpdateExpression: 'SET #count = :count',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':count': { N: '43' } },
        }),
      );
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf('filter-1') }));
      // Records of a shard arrive in order: once the marker is in, everything before it was seen.
      await put('filter-marker');
      await vi.waitFor(
        () => expect(events.flatMap((e) => e.Records).map(pkOf)).toContain('filter-marker'),
        WAIT,
      );

      const records = events.flatMap((event) => event.Records);
      expect(records.map(pkOf)).toEqual(['filter-1', 'filter-marker']);
      const [first] = records;
      expect(first).toMatchObject({
        eventID: expect.any(String),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: expect.stringContaining(`table/${tableName}/stream/`),
        dynamodb: {
          ApproximateCreationDateTime: expect.any(Number),
          Keys: keyOf('filter-1'),
          SequenceNumber: expect.stringMatching(/^\d+$/),
          SizeBytes: expect.any(Number),
          StreamViewType: 'NEW_IMAGE',
        },
      });
      // As Lambda sends it: binary in base64.
      expect(first?.dynamodb?.NewImage).toEqual({
        ...keyOf('filter-1'),
        entity: { S: 'notice' },
        count: { N: '42' },
        payload: { B: 'AQID' },
      });
      expect(contexts[0]).toMatchObject({ functionName: 'local-notifier', awsRequestId: expect.any(String) });
    } finally {
      await stream.stop();
    }
  });

  it('retries from the first reported failure, with the later records only, then gives up and moves on', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const batches: string[][] = [];
    const sequences = new Map<string, string>();
    const held = gate();
    const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      batches.push(event.Records.map(pkOf));
      for (const record of event.Records) sequences.set(pkOf(record), sequenceOf(record));
      // Holding the first batch lets the next three records pile up, so they arrive as one batch.
      if (event.Records.some((record) => pkOf(record) === 'retry-gate')) await held.opened;
      const poison = event.Records.filter((record) => pkOf(record) === 'retry-2');
      return { batchItemFailures: poison.map((record) => ({ itemIdentifier: sequenceOf(record) })) };
    };
    const stream = subscribe('retry-test', handler, { maxAttempts: 3 });
    try {
      await stream.ready;
      await put('retry-gate');
      await vi.waitFor(() => expect(batches).toEqual([['retry-gate']]), WAIT);
      for (const pk of ['retry-1', 'retry-2', 'retry-3']) await put(pk);
      held.open();

      await vi.waitFor(() => expect(errors).toHaveBeenCalled(), WAIT);
      expect(batches).toEqual([
        ['retry-gate'],
        ['retry-1', 'retry-2', 'retry-3'],
        ['retry-2', 'retry-3'],
        ['retry-2', 'retry-3'],
      ]);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(errors).toHaveBeenCalledWith(
        'stream records given up',
        expect.objectContaining({
          subscription: 'retry-test',
          attempts: 3,
          sequenceNumbers: [sequences.get('retry-2'), sequences.get('retry-3')],
        }),
      );
      // Sequence numbers only, never what the records hold.
      expect(JSON.stringify(errors.mock.calls)).not.toMatch(/retry-\d|notice/);

      await put('retry-4');
      await vi.waitFor(() => expect(batches.at(-1)).toEqual(['retry-4']), WAIT);
      expect(batches).toHaveLength(5);
    } finally {
      await stream.stop();
      errors.mockRestore();
    }
  });

  it('retries the whole batch when the handler throws', async () => {
    const warnings = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const batches: string[][] = [];
    let thrown = false;
    const stream = subscribe('throw-test', async (event) => {
      batches.push(event.Records.map(pkOf));
      if (!thrown) {
        thrown = true;
        throw new Error('mail server down');
      }
    });
    try {
      await stream.ready;
      await put('throw-1');
      await vi.waitFor(() => expect(batches).toEqual([['throw-1'], ['throw-1']]), WAIT);
      await put('throw-2');
      await vi.waitFor(() => expect(batches).toEqual([['throw-1'], ['throw-1'], ['throw-2']]), WAIT);
      expect(warnings).toHaveBeenCalledWith(
        'stream handler failed',
        expect.objectContaining({ subscription: 'throw-test', error: expect.any(Error) }),
      );
    } finally {
      await stream.stop();
      warnings.mockRestore();
    }
  });

  it('stop() waits for the invocation in flight, and nothing is delivered after it', async () => {
    const delivered: string[] = [];
    const order: string[] = [];
    const held = gate();
    const stream = subscribe('stop-test', async (event) => {
      delivered.push(...event.Records.map(pkOf));
      await held.opened;
      order.push('handler finished');
    });
    await stream.ready;
    await put('stop-1');
    await vi.waitFor(() => expect(delivered).toEqual(['stop-1']), WAIT);

    const stopped = stream.stop().then(() => order.push('stopped'));
    // Room for a stop() that did not wait to resolve first; the outcome does not depend on timing.
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.open();
    await stopped;
    expect(order).toEqual(['handler finished', 'stopped']);

    // A second subscription, polling 5 times less often, shows when a later write was readable.
    const witnessed: string[] = [];
    const witness = subscribe(
      'stop-witness',
      async (event) => {
        witnessed.push(...event.Records.map(pkOf));
      },
      {},
      POLL_MS * 5,
    );
    try {
      await witness.ready;
      await put('stop-2');
      await vi.waitFor(() => expect(witnessed).toEqual(['stop-2']), WAIT);
      expect(delivered).toEqual(['stop-1']);
    } finally {
      await witness.stop();
    }
  });

  it('rejects ready, with the reason, for a table without a stream', async () => {
    const plainTable = `${tableName}-plain`;
    await client.send(
      new CreateTableCommand({
        TableName: plainTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    try {
      const stream = startTableStream(endpoint, {
        name: 'plain-test',
        tableName: plainTable,
        filter: NEW_NOTICES,
        handler: async () => undefined,
      });
      await expect(stream.ready).rejects.toThrow(`Table ${plainTable} has no enabled stream`);
      await stream.stop();
    } finally {
      await client.send(new DeleteTableCommand({ TableName: plainTable }));
    }
  });

  it('keeps delivering while other tables are written (DynamoDB Local numbers records across tables)', async () => {
    const otherTable = `table-stream-other-${randomUUID().slice(0, 8)}`;
    await client.send(
      new CreateTableCommand({
        TableName: otherTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const delivered: string[] = [];
    const stream = subscribe('interleaved', async (event) => {
      delivered.push(...event.Records.map(pkOf));
    });
    try {
      await stream.ready;
      for (const round of [1, 2, 3]) {
        await client.send(
          new PutItemCommand({ TableName: otherTable, Item: { pk: { S: `other-${round}` } } }),
        );
        await put(`interleaved-${round}`);
        await vi.waitFor(() => expect(delivered).toContain(`interleaved-${round}`), WAIT);
      }
      expect(delivered).toEqual(['interleaved-1', 'interleaved-2', 'interleaved-3']);
    } finally {
      await stream.stop();
      await client.send(new DeleteTableCommand({ TableName: otherTable }));
    }
  });
});

describe('caughtUp, windows and checkpoints', () => {
  const mine = (prefix: string) => (event: DynamoDBStreamEvent) =>
    event.Records.map(pkOf).filter((pk) => pk.startsWith(prefix));

  it('resumes from its checkpoint file: what was written while it was stopped is delivered, once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gx-stream-position-'));
    const checkpointFile = join(folder, 'position.json');
    const delivered: string[] = [];
    const handler: Handler = async (event) => {
      delivered.push(...mine('resume-')(event));
    };
    try {
      const first = subscribe('resume', handler, { checkpointFile });
      await first.ready;
      await put('resume-1');
      await first.caughtUp();
      expect(delivered).toEqual(['resume-1']);
      await first.stop();

      // Written while nothing reads the stream (npm start stopped).
      await put('resume-2');
      await put('resume-3');

      const second = subscribe('resume', handler, { checkpointFile });
      await second.ready;
      await second.caughtUp();
      await second.stop();
      expect(delivered).toEqual(['resume-1', 'resume-2', 'resume-3']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('without a checkpoint file starts after what the stream holds (LATEST)', async () => {
    await put('latest-before');
    const delivered: string[] = [];
    const stream = subscribe('latest', async (event) => {
      delivered.push(...mine('latest-')(event));
    });
    try {
      await stream.ready;
      await put('latest-after');
      await stream.caughtUp();
      expect(delivered).toEqual(['latest-after']);
    } finally {
      await stream.stop();
    }
  });

  it('names the shard in a windowed event, and takes an answer without a state as a failure', async () => {
    const shards: (string | undefined)[] = [];
    let answers = 0;
    const stream = subscribe(
      'windowed',
      async (event) => {
        if (mine('windowed-')(event).length === 0) return { state: {}, batchItemFailures: [] } as never;
        shards.push((event as DynamoDBStreamEvent & { shardId?: string }).shardId);
        answers += 1;
        // The first answer lacks the state a tumbling window's function must return.
        return (answers === 1 ? { batchItemFailures: [] } : { state: {}, batchItemFailures: [] }) as never;
      },
      { windowed: true },
    );
    try {
      await stream.ready;
      await put('windowed-1');
      await stream.caughtUp();
      expect(shards).toHaveLength(2);
      expect(shards[0]).toMatch(/^shardId-/);
      expect(shards[1]).toBe(shards[0]);
    } finally {
      await stream.stop();
    }
  });
});
