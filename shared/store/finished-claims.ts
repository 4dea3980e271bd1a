/**
 * Claim marks whose registration is written, waiting to come off their session item
 * (./registering.ts): the next claim this process makes on the same session removes them in its
 * own update, so a registration writes the hot session item once, not twice, and the item carries
 * about one finished mark per process at a time. Marks of a session this process claims on no
 * more are removed by the counters aggregator from the registrations' images
 * (shared/use-cases/counters/finished-claims.ts); nothing is lost when this process ends.
 * docs/adr/0008-hot-sessions.md.
 */

/** Marks removed by one claim at most: its update stays well inside DynamoDB's expression limits. */
export const MARKS_PER_CLAIM = 25;

/** Marks kept at most: beyond that the oldest are left to the aggregator. */
const MARKS_KEPT = 5_000;

/** Per session, the attribute of each finished mark and the value it must still hold. */
const finished = new Map<string, Map<string, string | number>>();
let kept = 0;

/** Notes that the claim held by `attribute` on session `sessionId` has its registration written. */
export function noteFinishedClaim(sessionId: string, attribute: string, mark: string | number): void {
  if (kept >= MARKS_KEPT) dropOldest();
  const marks = finished.get(sessionId) ?? new Map<string, string | number>();
  if (!marks.has(attribute)) kept += 1;
  marks.set(attribute, mark);
  finished.set(sessionId, marks);
}

/**
 * Takes up to MARKS_PER_CLAIM finished marks of the session for one update, leaving out
 * `except` (the attribute the update itself sets). Hand back with `returnFinishedClaims` those the
 * update did not remove.
 */
export function takeFinishedClaims(sessionId: string, except: string): [string, string | number][] {
  const marks = finished.get(sessionId);
  if (!marks) return [];
  const taken: [string, string | number][] = [];
  for (const [attribute, mark] of marks) {
    if (taken.length === MARKS_PER_CLAIM) break;
    if (attribute === except) continue;
    taken.push([attribute, mark]);
  }
  for (const [attribute] of taken) marks.delete(attribute);
  kept -= taken.length;
  if (marks.size === 0) finished.delete(sessionId);
  return taken;
}

export function returnFinishedClaims(sessionId: string, marks: readonly [string, string | number][]): void {
  for (const [attribute, mark] of marks) noteFinishedClaim(sessionId, attribute, mark);
}

function dropOldest(): void {
  const [sessionId, marks] = finished.entries().next().value as [string, Map<string, string | number>];
  kept -= marks.size;
  finished.delete(sessionId);
}
