/**
 * A DynamoDB Streams event source mapping for the local runtime: polls a DynamoDB Local table's
 * stream and calls a function's handler in process with the events Lambda would send it, and
 * behaves as the cloud's mapping is configured to: filter criteria (records that do not match are
 * skipped, no invocation), a batch size, ReportBatchItemFailures and a bounded number of attempts.
 *
 * Every read takes a fresh iterator just after the last record seen (TRIM_HORIZON before any):
 * DynamoDB Local numbers stream records across all its tables, and an iterator it handed out goes
 * stale ("TrimmedDataAccessException") as soon as another table is written, while a position
 * given as a sequence number stays good.
 *
 * Where it differs from Lambda, on purpose: shards are read one after another in one loop (Lambda
 * reads them in parallel, but promises order only within a shard, which is kept); a failed batch
 * is retried as the same records rather than re-read from the stream; and records given up are
 * logged (sequence numbers only) instead of going to an on-failure destination.
 *
 * Where it starts: after what the shards hold when it opens (LATEST), or, given a checkpoint file,
 * after the last record it delivered before it was stopped (the file is written after every read),
 * so that `npm start` started again on the same data loses none of what was written meanwhile: a
 * batch cut short by a crash is delivered again, which a subscriber must take (the counters do).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type AttributeValue as StreamAttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  AttributeValue,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { logger } from '#shared/http/logger';
import { localDynamoClient } from './dynamodb';
import { type EventFilterPattern, matchesEventFilter } from './event-filter';
import { localLambdaContext } from './lambda-context';

export interface StreamSubscription {
  /** For logs: the function's name, e.g. 'notifier'. */
  name: string;
  tableName: string;
  filter: EventFilterPattern;
  // biome-ignore lint/suspicious/noConfusingVoidType: aws-lambda's DynamoDBStreamHandler type, so a handler that returns nothing fits.
  handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;
  /** Records per invocation. @default 10 */
  batchSize?: number;
  /** Attempts of a failing batch before its records are given up (logged). @default 3 */
  maxAttempts?: number;
  /**
   * Events as a tumbling window makes them: with the shard's id and an empty state, and a response
   * without `state` taken as a failure (as Lambda takes it).
   */
  windowed?: boolean;
  /** Where the position is kept between runs (a JSON file); none: start at LATEST each time. */
  checkpointFile?: string;
  /**
   * How long records gather after a read that found some, as the mapping's batching window
   * (MaximumBatchingWindowInSeconds) gathers them; a caller waiting for `caughtUp` cuts it short.
   * @default the polling interval
   */
  batchingWindowMs?: number;
}

export interface TableStream {
  /** Resolves once iterators are taken: writes after this are delivered. */
  ready: Promise<void>;
  /**
   * Resolves once every record written before the call has been delivered (or given up): a round
   * over all shards, begun after the call, read each to its end. Rejects when the stream stops first.
   */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** GetRecords' maximum: read what is there, then batch only what passes the filter, as Lambda does. */
const READ_LIMIT = 1000;
/** Pause before a failed batch is tried again (Lambda, too, backs off before retrying). */
const RETRY_DELAY_MS = 500;
/** The deadline the handler's context reports; as for the local API, nothing enforces it. */
const INVOCATION_TIMEOUT_MS = 60_000;

/** Where reading one shard has got to. */
interface ShardCursor {
  shardId: string;
  /** The last record read (delivered, filtered out, or there before start); none: from the start. */
  lastSequenceNumber?: string;
}

/** What a checkpoint file holds: the stream, and each shard being read with its last record. */
interface Checkpoint {
  streamArn: string;
  shards: Record<string, string | null>;
}

/** A round over the shards that a caller of caughtUp waits for. */
interface CatchUpWaiter {
  afterRound: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Starts polling `subscription.tableName`'s stream on the DynamoDB Local at `endpoint`. Only
 * writes made after `ready` resolves are delivered (what the shards held then is skipped); `ready`
 * rejects when the table has no enabled stream. Call `stop()` before stopping DynamoDB Local.
 */
export function startTableStream(
  endpoint: string,
  subscription: StreamSubscription,
  options: { pollMs?: number } = {},
): TableStream {
  const poller = new StreamPoller(endpoint, subscription, options.pollMs ?? 250);
  const ready = poller.open();
  // A stream that could not be opened has nothing to run; the caller learns why from `ready`.
  const finished = ready
    .then(
      () => poller.run(),
      () => undefined,
    )
    .finally(() => poller.close());
  return {
    ready,
    caughtUp: () => poller.caughtUp(),
    stop: async () => {
      poller.stop();
      await finished;
    },
  };
}

class StreamPoller {
  private readonly dynamo: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private streamArn = '';
  private cursors: ShardCursor[] = [];
  /** Closed shards whose children (after a reshard) have not been found in the stream yet. */
  private readonly awaitingChildren = new Set<string>();
  private stopped = false;
  private wake: (() => void) | undefined;
  /** Rounds over the shards begun so far, and waiters for one that reads every shard to its end. */
  private roundsBegun = 0;
  private waiters: CatchUpWaiter[] = [];
  private savedCheckpoint = '';

  constructor(
    endpoint: string,
    private readonly subscription: StreamSubscription,
    private readonly pollMs: number,
  ) {
    this.batchSize = positiveInteger('batchSize', subscription.batchSize ?? 10);
    this.maxAttempts = positiveInteger('maxAttempts', subscription.maxAttempts ?? 3);
    this.dynamo = localDynamoClient(endpoint);
    // Configured as localDynamoClient is: DynamoDB Local takes any credentials and region.
    this.streams = new DynamoDBStreamsClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }

  /**
   * Finds the table's stream and, on each shard open now, the last record it holds: reading
   * starts after it, as from LATEST.
   */
  async open(): Promise<void> {
    this.streamArn = await this.latestStreamArn();
    const { shards } = await this.describeStream();
    const open = shards.filter((shard) => shard.ShardId && !shard.SequenceNumberRange?.EndingSequenceNumber);
    const checkpoint = this.readCheckpoint();
    if (this.subscription.checkpointFile) {
      this.cursors = resumedCursors(
        shards,
        checkpoint?.streamArn === this.streamArn ? checkpoint : undefined,
      );
      this.saveCheckpoint();
      return;
    }
    this.cursors = await Promise.all(
      open.map((shard) => this.skipToEnd({ shardId: shard.ShardId as string })),
    );
  }

  caughtUp(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('The stream poller is stopped'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ afterRound: this.roundsBegun, resolve, reject });
      this.wake?.();
    });
  }

  private readCheckpoint(): Checkpoint | undefined {
    const file = this.subscription.checkpointFile;
    if (!file || !existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    } catch (error) {
      logger.warn('stream checkpoint unreadable: reading from the oldest record', {
        ...this.logFields(),
        error,
      });
      return undefined;
    }
  }

  /** Writes the position (when it moved), whole or not at all: a crash leaves the previous one. */
  private saveCheckpoint(): void {
    const file = this.subscription.checkpointFile;
    if (!file) return;
    const checkpoint: Checkpoint = {
      streamArn: this.streamArn,
      shards: Object.fromEntries(
        this.cursors.map((cursor) => [cursor.shardId, cursor.lastSequenceNumber ?? null]),
      ),
    };
    const text = JSON.stringify(checkpoint);
    if (text === this.savedCheckpoint) return;
    writeFileSync(`${file}.next`, text);
    renameSync(`${file}.next`, file);
    this.savedCheckpoint = text;
  }

  /** Moves the cursor past every record the shard holds now, delivering none. */
  private async skipToEnd(cursor: ShardCursor): Promise<ShardCursor> {
    for (;;) {
      const page = await this.getRecords(cursor);
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (!last) return cursor;
      cursor.lastSequenceNumber = last;
    }
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      let readAny = false;
      const round = ++this.roundsBegun;
      let toTheEnd = true;
      try {
        await this.adoptChildShards();
        for (const cursor of [...this.cursors]) {
          if (this.stopped) break;
          const read = await this.poll(cursor);
          readAny = read > 0 || readAny;
          toTheEnd = toTheEnd && read < READ_LIMIT;
        }
        this.saveCheckpoint();
      } catch (error) {
        // A failed poll (DynamoDB Local busy or restarting) is tried again; the loop must live on.
        logger.warn('stream poll failed', { ...this.logFields(), error });
        readAny = false;
        toTheEnd = false;
      }
      if (toTheEnd && !this.stopped && this.awaitingChildren.size === 0) this.roundReadEverything(round);
      // A full page means more is waiting right behind it; otherwise wait, as Lambda's poller does
      // (it reads a shard a few times a second, so a busy stream is handed over in batches, not
      // record by record, and the polls do not crowd the table's own requests). One waiting for the
      // stream to be caught up gets the next round at once, unless this one failed.
      const morePending = readAny && !toTheEnd;
      const gathering = readAny ? (this.subscription.batchingWindowMs ?? this.pollMs) : this.pollMs;
      if (!morePending && (this.waiters.length === 0 || !toTheEnd)) await this.sleep(gathering);
    }
    for (const waiter of this.waiters) waiter.reject(new Error('The stream poller stopped'));
    this.waiters = [];
  }

  /** Round `round` read every shard to its end: what was written before it began is delivered. */
  private roundReadEverything(round: number): void {
    const done = this.waiters.filter((waiter) => waiter.afterRound < round);
    this.waiters = this.waiters.filter((waiter) => waiter.afterRound >= round);
    for (const waiter of done) waiter.resolve();
  }

  /** Ends the loop after the current step (an invocation in flight is waited for, not cut). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  close(): void {
    this.dynamo.destroy();
    this.streams.destroy();
  }

  private async latestStreamArn(): Promise<string> {
    const { tableName, name } = this.subscription;
    const { Table: table } = await this.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = table?.StreamSpecification?.StreamEnabled ? table.LatestStreamArn : undefined;
    if (!arn) {
      throw new Error(
        `Table ${tableName} has no enabled stream, so ${name} cannot be triggered by it: ` +
          'the table needs a StreamSpecification with StreamEnabled true.',
      );
    }
    return arn;
  }

  /** All shards of the stream (DescribeStream pages them) and the stream's status. */
  private async describeStream(): Promise<{ shards: Shard[]; status: string | undefined }> {
    const shards: Shard[] = [];
    let status: string | undefined;
    let after: string | undefined;
    do {
      const { StreamDescription: description } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: after }),
      );
      shards.push(...(description?.Shards ?? []));
      status = description?.StreamStatus;
      after = description?.LastEvaluatedShardId;
    } while (after);
    return { shards, status };
  }

  /** A fresh iterator just after the cursor's last record (see the module's comment for why). */
  private async iterator(cursor: ShardCursor): Promise<string> {
    const after = cursor.lastSequenceNumber;
    const { ShardIterator: iterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: cursor.shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    if (!iterator) throw new Error(`No iterator for shard ${cursor.shardId} of ${this.streamArn}`);
    return iterator;
  }

  /** Reads a shard once and delivers what passes the filter; how many records it read. */
  private async poll(cursor: ShardCursor): Promise<number> {
    const page = await this.getRecords(cursor);
    const records = (page.Records ?? []).map((record) => toLambdaRecord(record, this.streamArn));
    const delivered = await this.deliver(
      cursor.shardId,
      records.filter((record) => matchesEventFilter(this.subscription.filter, record)),
    );
    // Cut short by stop(): the page is read again next time (a checkpoint must not pass what was
    // not delivered), which a subscriber takes as a redelivery.
    if (!delivered) return records.length;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) cursor.lastSequenceNumber = last;
    if (!page.NextShardIterator) this.retire(cursor);
    return records.length;
  }

  private async getRecords(cursor: ShardCursor): Promise<GetRecordsCommandOutput> {
    const iterator = await this.iterator(cursor);
    return this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: READ_LIMIT }));
  }

  /** A shard with no next iterator is closed and fully read; its children, if any, come next. */
  private retire(cursor: ShardCursor): void {
    this.cursors = this.cursors.filter((other) => other !== cursor);
    this.awaitingChildren.add(cursor.shardId);
  }

  /**
   * Reads the children of closed shards from their beginning, as Lambda does after a reshard.
   * They are looked for until they show up, unless the stream was disabled (then none will).
   */
  private async adoptChildShards(): Promise<void> {
    if (this.awaitingChildren.size === 0) return;
    const { shards, status } = await this.describeStream();
    const children = shards.filter(
      (shard) => shard.ShardId && shard.ParentShardId && this.awaitingChildren.has(shard.ParentShardId),
    );
    for (const child of children) {
      // Already followed if a failure cut the previous round short.
      if (this.cursors.some((cursor) => cursor.shardId === child.ShardId)) continue;
      this.cursors.push({ shardId: child.ShardId as string });
    }
    for (const child of children) this.awaitingChildren.delete(child.ParentShardId as string);
    if (this.awaitingChildren.size > 0 && (status === 'DISABLED' || status === 'DISABLING')) {
      logger.warn('table stream disabled: no more records will be delivered', this.logFields());
      this.awaitingChildren.clear();
    }
  }

  /** Invokes the handler with the records in order, at most batchSize at a time. */
  /** False when stop() cut it short. */
  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<boolean> {
    for (let start = 0; start < records.length; start += this.batchSize) {
      if (this.stopped) return false;
      if (!(await this.deliverBatch(shardId, records.slice(start, start + this.batchSize)))) return false;
    }
    return true;
  }

  /**
   * One batch, tried again from its first failed record up to maxAttempts times; then the
   * records still failing are given up and reading goes on, as Lambda does once its retries run out.
   * False when stop() came first.
   */
  private async deliverBatch(shardId: string, batch: DynamoDBRecord[]): Promise<boolean> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const failedFrom = await this.invoke(shardId, pending);
      if (failedFrom === undefined) return true;
      pending = pending.slice(failedFrom);
      if (attempt >= this.maxAttempts) {
        // Sequence numbers only: a record's images are personal data.
        logger.error('stream records given up', {
          ...this.logFields(),
          shardId,
          attempts: attempt,
          sequenceNumbers: pending.map((record) => record.dynamodb?.SequenceNumber),
        });
        return true;
      }
      await this.sleep(RETRY_DELAY_MS);
      if (this.stopped) return false;
    }
  }

  /** Calls the handler; the index of the first record to try again, or undefined when all succeeded. */
  private async invoke(shardId: string, batch: DynamoDBRecord[]): Promise<number | undefined> {
    const context = localLambdaContext(`local-${this.subscription.name}`, INVOCATION_TIMEOUT_MS);
    try {
      const event = this.subscription.windowed
        ? { Records: batch, ...windowProperties(shardId, this.streamArn) }
        : { Records: batch };
      const response = await this.subscription.handler(event, context);
      // A windowed function answers with its state; Lambda takes an answer without one as a failure.
      if (this.subscription.windowed && !(response && 'state' in response)) return 0;
      return firstFailure(batch, response || undefined);
    } catch (error) {
      // A thrown error fails the whole batch, as an invocation error does in Lambda.
      logger.warn('stream handler failed', { ...this.logFields(), error });
      return 0;
    }
  }

  /** Waits `ms`, or less when stop() is called meanwhile. */
  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private logFields() {
    return { subscription: this.subscription.name, table: this.subscription.tableName };
  }
}

/**
 * The cursors a checkpointed poller resumes with: each shard the checkpoint names after its record;
 * open shards it does not name (born since) from their start; closed shards it does not name were
 * read to their end before. Without a checkpoint, every open shard from its start: a subscriber
 * with a checkpoint takes records again (see the module's comment).
 */
function resumedCursors(shards: readonly Shard[], checkpoint: Checkpoint | undefined): ShardCursor[] {
  const cursors: ShardCursor[] = [];
  for (const shard of shards) {
    const shardId = shard.ShardId;
    if (!shardId) continue;
    const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
    const saved = checkpoint?.shards[shardId];
    if (saved !== undefined)
      cursors.push(saved === null ? { shardId } : { shardId, lastSequenceNumber: saved });
    else if (!closed) cursors.push({ shardId });
  }
  return cursors;
}

/** What Lambda adds to the events of a tumbling window; the state is not kept between invocations. */
function windowProperties(shardId: string, eventSourceARN: string) {
  const now = new Date().toISOString();
  return {
    shardId,
    eventSourceARN,
    window: { start: now, end: now },
    state: {},
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

/**
 * The index of the lowest failed record in a ReportBatchItemFailures response, read as Lambda
 * reads it: no response or an empty list is success, and an identifier that is not the sequence
 * number of a record in the batch fails the whole batch.
 */
function firstFailure(
  batch: DynamoDBRecord[],
  response: DynamoDBBatchResponse | undefined,
): number | undefined {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  const sequenceNumbers = batch.map((record) => record.dynamodb?.SequenceNumber);
  let lowest = batch.length;
  for (const failure of failures) {
    const index = failure?.itemIdentifier ? sequenceNumbers.indexOf(failure.itemIdentifier) : -1;
    if (index < 0) return 0;
    lowest = Math.min(lowest, index);
  }
  return lowest;
}

/**
 * A Streams API record as Lambda delivers it: the stream's ARN added, the creation time in epoch
 * seconds (the SDK gives a Date), binary values in base64 (the SDK gives bytes) and the identity
 * of a TTL delete in Lambda's lower-case keys.
 */
function toLambdaRecord(record: _Record, eventSourceARN: string): DynamoDBRecord {
  const { dynamodb, userIdentity, ...fields } = record;
  const lambdaRecord: DynamoDBRecord = { ...fields };
  if (dynamodb) {
    const { ApproximateCreationDateTime: created, Keys, NewImage, OldImage, ...rest } = dynamodb;
    lambdaRecord.dynamodb = {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      ...(Keys ? { Keys: toLambdaItem(Keys) } : {}),
      ...(NewImage ? { NewImage: toLambdaItem(NewImage) } : {}),
      ...(OldImage ? { OldImage: toLambdaItem(OldImage) } : {}),
      ...rest,
    };
  }
  lambdaRecord.eventSourceARN = eventSourceARN;
  if (userIdentity)
    lambdaRecord.userIdentity = { type: userIdentity.Type, principalId: userIdentity.PrincipalId };
  return lambdaRecord;
}

function toLambdaItem(item: Record<string, StreamAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toLambdaValue(value)]));
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function toLambdaValue(value: StreamAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  // S, N, BOOL, NULL, SS and NS are the same JSON in both.
  return value as AttributeValue;
}
