/**
 * The stream-triggered functions of the catalog, on one machine: what the cloud's event source
 * mapping does for the notifier (infra/cloud/notice-stream.ts), done by polling DynamoDB Local's
 * stream of the registrations table with the same filter, calling the same handler in process.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import { TABLES } from '#shared/store/tables';
import { REPO_ROOT } from './config';
import { type StreamSubscription, startTableStream, type TableStream } from './table-stream';

type StreamHandler = StreamSubscription['handler'];

/** Starts one stream poller per notice-telling function; resolves once each takes new records. */
export async function startStreamTriggers(
  endpoint: string,
  catalog: Readonly<Record<FunctionName, FunctionDef>> = FUNCTIONS,
): Promise<TableStream[]> {
  const streams: TableStream[] = [];
  for (const [name, def] of Object.entries(catalog) as [FunctionName, FunctionDef][]) {
    if (!def.tellsNotices) continue;
    const module = (await import(pathToFileURL(join(REPO_ROOT, def.entry)).href)) as {
      handler: (event: DynamoDBStreamEvent, context: never) => Promise<DynamoDBBatchResponse>;
    };
    const stream = startTableStream(endpoint, {
      name,
      tableName: TABLES.registrations.name,
      filter: NOTICE_STREAM_FILTER,
      handler: module.handler as StreamHandler,
    });
    streams.push(stream);
  }
  await Promise.all(streams.map((stream) => stream.ready));
  return streams;
}
