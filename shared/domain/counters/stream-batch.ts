/**
 * A batch of the registrations stream as the counters aggregator applies it: the records' count
 * changes summed per counter item, each item written once, with the shard's watermark — the
 * sequence number of the last record of that shard the item has taken in. A redelivered record
 * (the same batch again, or one cut at other boundaries, overlapping the last) is at or below the
 * watermark and is left out; Lambda hands a shard's records over in order, so everything above it
 * is new to the item.
 */
import { type CountChange, type CountOwner, countItemKey, sumCountChanges } from './registration-counts';

/** One stream record, read: where it stands in its shard, when it was written, what it counts. */
export interface CountedRecord {
  sequenceNumber: string;
  /** When the change was written, epoch seconds (the record's ApproximateCreationDateTime). */
  writtenAt: number;
  changes: readonly CountChange[];
}

/** One counter item's share of a batch, in stream order. */
export interface ItemShare {
  owner: CountOwner;
  year: number;
  records: {
    /** As the stream gives it (a batch item failure names it so). */
    sequenceNumber: string;
    /** Comparable as text: sequenceKey(sequenceNumber). */
    sequence: string;
    writtenAt: number;
    deltas: CountChange['deltas'];
  }[];
}

/**
 * Sequence numbers are strings of up to 40 digits whose length varies; left-padded to one width
 * they compare as text in the order they compare as numbers, which is how a condition compares.
 */
const SEQUENCE_WIDTH = 48;

export function sequenceKey(sequenceNumber: string): string {
  if (!/^\d{1,48}$/.test(sequenceNumber)) throw new Error(`Not a stream sequence number: ${sequenceNumber}`);
  return sequenceNumber.padStart(SEQUENCE_WIDTH, '0');
}

/**
 * A watermark older than this is dropped from its item: the stream keeps a record 24 hours, so
 * none at or below it can be delivered again, and the item does not gather one per shard forever
 * (shards roll every few hours).
 */
export const WATERMARK_RETENTION_SECONDS = 48 * 60 * 60;

/** The batch's records by counter item, each item's in stream order. */
export function itemShares(records: readonly CountedRecord[]): ItemShare[] {
  const byItem = new Map<string, ItemShare>();
  const ordered = [...records].sort((a, b) =>
    sequenceKey(a.sequenceNumber).localeCompare(sequenceKey(b.sequenceNumber)),
  );
  for (const record of ordered) {
    for (const change of sumCountChanges(record.changes)) {
      const key = countItemKey(change.owner, change.year);
      const share = byItem.get(key) ?? { owner: change.owner, year: change.year, records: [] };
      share.records.push({
        sequenceNumber: record.sequenceNumber,
        sequence: sequenceKey(record.sequenceNumber),
        writtenAt: record.writtenAt,
        deltas: change.deltas,
      });
      byItem.set(key, share);
    }
  }
  return [...byItem.values()];
}

/** The records of a share an item has not taken in yet, given its watermark for the shard. */
export function pendingAfter(share: ItemShare, watermark: string | undefined): ItemShare['records'] {
  return watermark === undefined
    ? share.records
    : share.records.filter((record) => record.sequence > watermark);
}

/** The deltas of `records` added up (zero counters kept out). */
export function summedDeltas(owner: CountOwner, year: number, records: ItemShare['records']) {
  return sumCountChanges(records.map((record) => ({ owner, year, deltas: record.deltas })))[0]?.deltas ?? {};
}

/** The shards whose watermark on an item is old enough to drop (see WATERMARK_RETENTION_SECONDS). */
export function staleWatermarks(
  marks: readonly { shardId: string; writtenAt: number }[],
  newest: number,
): string[] {
  return marks
    .filter((mark) => newest - mark.writtenAt > WATERMARK_RETENTION_SECONDS)
    .map((mark) => mark.shardId);
}
