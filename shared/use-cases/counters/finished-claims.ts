/**
 * The backstop for claim marks left on session items (shared/store/finished-claims.ts): a
 * registration's first image (INSERT) names the claim it was written with, so the aggregator,
 * reading every registration's changes anyway, removes the marks of those a process did not take
 * off with a later claim of its own (its last ones, or a process that ended). One read per session
 * of the batch, and a write only for marks still there.
 */

import type { DynamoDBRecord } from 'aws-lambda';
import { markOfStored, type StoredClaim } from '#shared/domain/registrations/claims';
import { clearFinishedClaims } from '#shared/store/registering';
import { type StreamImage, storedItemOf } from '#shared/store/registration-images';

type Written = { registrationId: string; mark: string | number };

/** The claims the batch's new registrations were written with, by session. */
export function finishedClaimsIn(records: readonly DynamoDBRecord[]): Map<string, Written[]> {
  const bySession = new Map<string, Written[]>();
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = storedItemOf(image as StreamImage) as StoredClaim & { id?: unknown; sessionId?: unknown };
    // Only a claimed seat keeps its nonce, and only a claimed ticket is waitlisted when written.
    const claimed = typeof item.claim === 'string' || item.waitlistPosition !== undefined;
    const mark = claimed ? markOfStored(item) : undefined;
    if (mark === undefined || typeof item.id !== 'string' || typeof item.sessionId !== 'string') continue;
    const written = bySession.get(item.sessionId) ?? [];
    written.push({ registrationId: item.id, mark });
    bySession.set(item.sessionId, written);
  }
  return bySession;
}

/** Removes the marks of the batch's new registrations still on their sessions. */
export async function clearClaimsOf(records: readonly DynamoDBRecord[]): Promise<void> {
  for (const [sessionId, written] of finishedClaimsIn(records)) await clearFinishedClaims(sessionId, written);
}
