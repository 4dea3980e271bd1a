/**
 * Optimistic locking: writes are conditional on the version that was read. A writer that loses
 * the race re-reads and tries again (with jitter, so racing writers spread out) instead of
 * reporting the conflict to its client.
 */
import { conflict } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';

/** Thrown by an entity module when the item changed since it was read. */
export class VersionConflict extends Error {
  override name = 'VersionConflict';
}

export interface RetryBudget {
  /** Stop retrying after this long and answer 409: well inside an API function's 10 s timeout. */
  budgetMs: number;
  /** Longest pause between tries; short for a hot item, so its throughput is not spent waiting. */
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryBudget = { budgetMs: 3_000, maxBackoffMs: 200 };
/** A popular session is one hot item that hundreds may race for at once. */
export const HOT_ITEM_RETRY: RetryBudget = { budgetMs: 8_000, maxBackoffMs: 100 };

/**
 * Runs `attempt` (read, decide, conditional write) until it wins; gives up with a 409 when the
 * time budget is spent.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  budget: RetryBudget = DEFAULT_RETRY,
): Promise<T> {
  const started = Date.now();
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (Date.now() - started >= budget.budgetMs) {
        throw conflict('CHANGED_MEANWHILE', MESSAGES.requests.changedMeanwhile());
      }
      // Full jitter: racing writers spread out instead of colliding again.
      const ceiling = Math.min(budget.maxBackoffMs, 5 * 2 ** round);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
