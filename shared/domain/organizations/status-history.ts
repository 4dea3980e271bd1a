/**
 * The status history of an organization (the exit mechanism for bases): every change of `status`
 * with its reason, time and author, so the year-end evaluation can tell which bases served in a
 * year long after they were warned or exited.
 *
 * The first entry records the creation: `active`, at `createdAt`, by the creator, with no reason
 * (`null`: a creation is not a decision that needs one). Organizations created before the history
 * was kept have none stored; theirs is inferred from what they do carry (see `statusHistoryOf`).
 */
import { invalidFields } from '../errors';
import { statusReasonGoesWithStatus } from './input-rules';
import type { OrganizationStatus } from './kinds';
import type { Organization, StatusHistoryEntry } from './schemas';

/** Warned bases still serve (a warning is the step before exit); only exited ones have left. */
const SERVING: ReadonlySet<OrganizationStatus> = new Set(['active', 'warned']);

export const servesInStatus = (status: OrganizationStatus) => SERVING.has(status);

/** The entry that records a creation. */
export const creationEntry = (at: string, by: string | null): StatusHistoryEntry => ({
  status: 'active',
  reason: null,
  at,
  by,
});

/**
 * The history as stored, or, for an organization created before histories were kept, the best
 * that can be said: active since `createdAt`, and, when its status is no longer `active`, in that
 * status since its last update (the latest moment the change can have happened). Neither
 * inferred entry knows its author or reason: both are null.
 */
export function statusHistoryOf(org: Organization): StatusHistoryEntry[] {
  if (org.statusHistory && org.statusHistory.length > 0) return org.statusHistory;
  const created = creationEntry(org.createdAt, null);
  if (org.status === 'active') return [created];
  return [created, { status: org.status, reason: null, at: org.updatedAt, by: null }];
}

/**
 * `org` with its status set to `status`, the change appended to its history. The same status
 * again is no change (a retried PATCH adds no entry and tells nobody twice): undefined.
 */
export function withStatusChange(
  org: Organization,
  change: { status: OrganizationStatus; reason: string | undefined },
  by: string,
  now: Date,
): { organization: Organization; entry: StatusHistoryEntry } | undefined {
  if (change.status === org.status) return undefined;
  // The request schema refuses this already; a caller that skips it gets the same 400.
  if (change.reason === undefined) throw invalidFields(statusReasonGoesWithStatus({ status: change.status }));
  const entry: StatusHistoryEntry = {
    status: change.status,
    reason: change.reason,
    at: now.toISOString(),
    by,
  };
  return {
    organization: { ...org, status: change.status, statusHistory: [...statusHistoryOf(org), entry] },
    entry,
  };
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The first instant of Beijing calendar year `year`, in epoch milliseconds. */
const yearStart = (year: number) => Date.UTC(year, 0, 1) - BEIJING_OFFSET_MS;

/**
 * Whether the organization served (was active or warned) at any moment of Beijing calendar year
 * `year`: each history entry holds from its `at` until the next entry's. So a base exited in
 * March served that year and not the next, and a base created later is absent from earlier years.
 */
export function servedDuring(org: Organization, year: number): boolean {
  const from = yearStart(year);
  const until = yearStart(year + 1);
  const entries = [...statusHistoryOf(org)].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return entries.some((entry, index) => {
    if (!servesInStatus(entry.status)) return false;
    const start = Date.parse(entry.at);
    const next = entries[index + 1];
    const end = next ? Date.parse(next.at) : Number.POSITIVE_INFINITY;
    return start < until && end > from;
  });
}
