/**
 * The counters aggregator's work on one batch of a shard of the registrations stream: each change
 * of a registration read as count changes (old image → new), summed per counter item, each item
 * written once with the shard's watermark (shared/store/counters.ts applyItemShare), so a batch
 * delivered again, whole or cut elsewhere, is not counted twice.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { registrationCountChanges } from '#shared/domain/counters/registration-counts';
import { type CountedRecord, itemShares, sequenceKey } from '#shared/domain/counters/stream-batch';
import { logger } from '#shared/http/logger';
import { applyItemShare, recordCountsAppliedThrough } from '#shared/store/counters';
import { countedRegistrationOf, type StreamImage } from '#shared/store/registration-images';
import { sessionKey } from '#shared/store/sessions';
import { clearClaimsOf } from './finished-claims';

/** Counter items written at once: a batch may touch hundreds (a plan and a host per session). */
const WRITES_IN_FLIGHT = 16;

/** The outcome of a batch: the first record to hand over again, if any did not go in. */
export interface BatchOutcome {
  failedFrom?: string;
}

function countedRecord(record: DynamoDBRecord): CountedRecord {
  const stream = record.dynamodb;
  const sequenceNumber = stream?.SequenceNumber;
  if (!sequenceNumber) throw new Error('A stream record without a sequence number');
  const image = (value: unknown) =>
    value === undefined ? undefined : countedRegistrationOf(value as StreamImage);
  return {
    sequenceNumber,
    writtenAt: Number(stream.ApproximateCreationDateTime ?? 0),
    changes: registrationCountChanges(image(stream.OldImage), image(stream.NewImage)),
  };
}

/** The earliest of sequence numbers (as the stream gives them). */
const earliest = (sequences: readonly string[]) =>
  [...sequences].sort((a, b) => sequenceKey(a).localeCompare(sequenceKey(b)))[0];

/** Applies the records of one shard's batch, in order; reports where to start again on failure. */
export async function applyCountsBatch(
  shardId: string,
  records: readonly DynamoDBRecord[],
): Promise<BatchOutcome> {
  const counted: CountedRecord[] = [];
  const failures: string[] = [];
  for (const record of records) {
    try {
      counted.push(countedRecord(record));
    } catch (error) {
      // Not skipped: a record the counters cannot read stops them (and its retries end in the
      // dead-letter queue, which operators are told of) rather than leaving them wrong unseen.
      logger.error('registration change not counted: unreadable image', {
        sequence: record.dynamodb?.SequenceNumber,
        error: (error as Error).message,
      });
      failures.push(record.dynamodb?.SequenceNumber ?? '0');
      break;
    }
  }
  const shares = itemShares(counted);
  for (let start = 0; start < shares.length; start += WRITES_IN_FLIGHT) {
    const slice = shares.slice(start, start + WRITES_IN_FLIGHT);
    const outcomes = await Promise.allSettled(
      slice.map((share) =>
        applyItemShare(
          shardId,
          share,
          share.owner.kind === 'session' ? sessionKey(share.owner.id) : undefined,
        ),
      ),
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const first = slice[index]?.records[0]?.sequenceNumber;
      logger.warn('counter item not updated; the stream will hand its records over again', {
        sequence: first,
        error: (outcome.reason as Error).name,
      });
      if (first) failures.push(first);
    });
  }
  const failedFrom = earliest(failures);
  const applied = counted.filter(
    (record) => failedFrom === undefined || sequenceKey(record.sequenceNumber) < sequenceKey(failedFrom),
  );
  const newest = Math.max(0, ...applied.map((record) => record.writtenAt));
  if (newest > 0) await recordCountsAppliedThrough(newest);
  // The marks of the records counted come off now; those handed over again, when they come.
  const settled =
    failedFrom === undefined
      ? records
      : records.filter(
          (record) => sequenceKey(record.dynamodb?.SequenceNumber ?? '0') < sequenceKey(failedFrom),
        );
  try {
    await clearClaimsOf(settled);
  } catch (error) {
    // Handed over again whole: the counts recognise what they took in, and the marks are cleared then.
    logger.warn('claim marks not cleared; the stream will hand the batch over again', {
      error: (error as Error).name,
    });
    const first = records[0]?.dynamodb?.SequenceNumber;
    return first ? { failedFrom: first } : {};
  }
  return failedFrom === undefined ? {} : { failedFrom };
}
