/**
 * A trainee's ledger as they read it (GET /trainees/me/ledger): every stored entry of the year is
 * one item, the reversing entry of a revoked certificate too, with its negative hours. So the items
 * add up to the year's credits (./ledger summarizeCredits sums the same entries), and a revoked
 * pass stays visible as what it was, marked `reversed` beside the entry that takes it back.
 */
import { beijingDate } from '../dates';
import type { LedgerEntry, LedgerItem } from './schemas';

/** Where an entry stands in the ledger: when it was recorded, then its registration, a reversal last. */
export interface LedgerPosition {
  recordedAt: string;
  registrationId: string;
  reversal: boolean;
}

export const positionOf = (entry: LedgerEntry): LedgerPosition => ({
  recordedAt: entry.recordedAt,
  registrationId: entry.registrationId,
  reversal: entry.reverses !== undefined,
});

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first. Instants are stored as ISO strings of one length, so they sort as text. */
export function comparePositions(a: LedgerPosition, b: LedgerPosition): number {
  return (
    compareText(a.recordedAt, b.recordedAt) ||
    compareText(a.registrationId, b.registrationId) ||
    Number(a.reversal) - Number(b.reversal)
  );
}

export const inLedgerOrder = (entries: readonly LedgerEntry[]): LedgerEntry[] =>
  [...entries].sort((a, b) => comparePositions(positionOf(a), positionOf(b)));

/** At most `limit` entries of `ordered` after `after` (from the start without it), and whether more follow. */
export function entriesAfter(
  ordered: readonly LedgerEntry[],
  limit: number,
  after?: LedgerPosition,
): { entries: LedgerEntry[]; more: boolean } {
  const rest = after ? ordered.filter((entry) => comparePositions(positionOf(entry), after) > 0) : ordered;
  return { entries: rest.slice(0, limit), more: rest.length > limit };
}

/** The registrations whose pass was taken back: a reversing entry names each. */
export const reversedRegistrations = (entries: readonly LedgerEntry[]): Set<string> =>
  new Set(entries.filter((entry) => entry.reverses).map((entry) => entry.registrationId));

/** The entries whose host is not stored on them (written before it was): named on reading. */
export const unnamedEntries = (entries: readonly LedgerEntry[]): LedgerEntry[] =>
  entries.filter((entry) => entry.hostName === undefined);

/** The passes whose certificate number is read beside them: a reversing entry stores its own. */
export const passesOf = (entries: readonly LedgerEntry[]): LedgerEntry[] =>
  entries.filter((entry) => !entry.reverses);

/** What a page of entries is read with, by registration id. */
export interface LedgerLookups {
  /** Every registration reversed in the year, not only on this page. */
  reversed: ReadonlySet<string>;
  /** Host names of the entries that lack one. */
  hostNames: ReadonlyMap<string, string>;
  /** Completion certificate numbers of the passes. */
  certificateNumbers: ReadonlyMap<string, string>;
}

export function ledgerItemOf(entry: LedgerEntry, lookups: LedgerLookups): LedgerItem {
  const certificateNumber =
    entry.reverses?.certificateNumber ?? lookups.certificateNumbers.get(entry.registrationId);
  return {
    date: beijingDate(new Date(entry.recordedAt)),
    sessionId: entry.sessionId,
    title: entry.sessionTitle,
    // A registration the store no longer has would leave the host unnamed: its id, if known, says who.
    hostName: entry.hostName ?? lookups.hostNames.get(entry.registrationId) ?? entry.hostOrgId ?? '',
    subjectType: entry.subjectType,
    hours: entry.hours,
    ...(certificateNumber !== undefined ? { certificateNumber } : {}),
    reversed: lookups.reversed.has(entry.registrationId),
  };
}
