/**
 * The counters aggregator: invoked by the `registrations` table's stream with the changes of
 * registrations (only those: the event source's filter is REGISTRATION_STREAM_FILTER), it keeps the
 * yearly counters of plans and hosts that registrations move (shared/use-cases/counters/aggregate.ts). The
 * event source uses a tumbling window for one reason: its events name the shard, whose watermark
 * each counter item keeps. On failure the batch is handed over again from the first record not
 * counted (ReportBatchItemFailures); what was counted already is recognized by the watermarks.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createJobHandler } from '#shared/http/job-handler';
import { applyCountsBatch } from '#shared/use-cases/counters/aggregate';

/** A stream event of a tumbling window (the properties Lambda adds to it). */
export interface WindowedStreamEvent extends DynamoDBStreamEvent {
  shardId?: string;
  isFinalInvokeForWindow?: boolean;
}

/** With a tumbling window Lambda expects a state back (none is kept: the counter items hold it). */
export type WindowedBatchResponse = DynamoDBBatchResponse & { state: Record<string, string> };

export async function countRegistrations(event: WindowedStreamEvent): Promise<WindowedBatchResponse> {
  if (event.Records.length === 0) return { state: {}, batchItemFailures: [] };
  if (!event.shardId) {
    throw new Error('The counters need the shard of their records: the event source needs a tumbling window');
  }
  const { failedFrom } = await applyCountsBatch(event.shardId, event.Records);
  return { state: {}, batchItemFailures: failedFrom ? [{ itemIdentifier: failedFrom }] : [] };
}

export const handler = createJobHandler(countRegistrations);
