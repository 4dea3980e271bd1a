/**
 * Optimistic locking: writes are conditional on the version that was read. A writer that loses
 * the race re-reads and tries again (with jitter, so racing writers spread out) instead of
 * reporting the conflict to its client.
 */
import { conflict } from '#shared/domain/errors';

/** Thrown by an entity module when the item changed since it was read. */
export class VersionConflict extends Error {
  override name = 'VersionConflict';
}

// Enough for a burst of a few dozen writers on one item (each round, one of them wins).
const MAX_ATTEMPTS = 12;
const MAX_BACKOFF_MS = 500;

/**
 * Runs `attempt` (read, decide, conditional write) until it wins; gives up with a 409 after
 * `maxAttempts` losses. Hot items (a popular session's seats) deserve a bigger budget.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxAttempts = MAX_ATTEMPTS): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (round >= maxAttempts) {
        throw conflict('CHANGED_MEANWHILE', 'Others kept changing this at the same time; try again');
      }
      // Full jitter: racing writers spread out instead of colliding again.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** round)),
      );
    }
  }
}
