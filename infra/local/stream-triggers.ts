/**
 * The stream-triggered functions of the catalog, on one machine: what the cloud's event source
 * mappings do for the notifier (infra/cloud/notice-stream.ts) and the counters aggregator
 * (infra/cloud/counter-stream.ts), done by polling DynamoDB Local's stream of the registrations
 * table with the same filters, calling the same handlers in process. The aggregator keeps its
 * position in DATA_DIR between runs (a checkpoint file): a change written while `npm start` was
 * down, or counted by a run cut short, is counted when it starts again (and only once: the
 * aggregator recognizes what it counted already).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import {
  COUNTS_BATCH_SIZE,
  COUNTS_BATCHING_WINDOW_SECONDS,
  REGISTRATION_STREAM_FILTER,
} from '#shared/store/registration-filter';
import { TABLES } from '#shared/store/tables';
import { REPO_ROOT } from './config';
import { type StreamSubscription, startTableStream, type TableStream } from './table-stream';

type StreamHandler = StreamSubscription['handler'];

/** The pollers of one run, by the function they trigger. */
export type StreamTriggers = Map<FunctionName, TableStream>;

let running: StreamTriggers = new Map();

/** How each kind of stream-triggered function is subscribed; undefined for the others. */
function subscriptionOf(
  name: FunctionName,
  def: FunctionDef,
  stateDir: string | undefined,
): Omit<StreamSubscription, 'handler'> | undefined {
  const base = { name, tableName: TABLES.registrations.name };
  if (def.tellsNotices) return { ...base, filter: NOTICE_STREAM_FILTER };
  if (def.countsRegistrations)
    return {
      ...base,
      filter: REGISTRATION_STREAM_FILTER,
      batchSize: COUNTS_BATCH_SIZE,
      batchingWindowMs: COUNTS_BATCHING_WINDOW_SECONDS * 1000,
      windowed: true,
      // Retried while it fails, as in the cloud: the counters must not skip a change.
      maxAttempts: Number.MAX_SAFE_INTEGER,
      ...(stateDir ? { checkpointFile: join(stateDir, `${name}.stream-position.json`) } : {}),
    };
  return undefined;
}

/**
 * Starts one stream poller per stream-triggered function; resolves once each takes new records.
 * `stateDir` keeps the positions that must survive a restart (the counters').
 */
export async function startStreamTriggers(
  endpoint: string,
  catalog: Readonly<Record<FunctionName, FunctionDef>> = FUNCTIONS,
  stateDir?: string,
): Promise<TableStream[]> {
  const streams: StreamTriggers = new Map();
  for (const [name, def] of Object.entries(catalog) as [FunctionName, FunctionDef][]) {
    const subscription = subscriptionOf(name, def, stateDir);
    if (!subscription) continue;
    const module = (await import(pathToFileURL(join(REPO_ROOT, def.entry)).href)) as {
      handler: (event: DynamoDBStreamEvent, context: never) => Promise<DynamoDBBatchResponse>;
    };
    streams.set(
      name,
      startTableStream(endpoint, { ...subscription, handler: module.handler as StreamHandler }),
    );
  }
  await Promise.all([...streams.values()].map((stream) => stream.ready));
  running = streams;
  return [...streams.values()];
}

/** Resolves once every stream-triggered function of this run has had what was written before the call. */
export async function streamTriggersCaughtUp(): Promise<void> {
  await Promise.all([...running.values()].map((stream) => stream.caughtUp()));
}
