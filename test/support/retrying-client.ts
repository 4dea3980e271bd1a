/**
 * A client that keeps sending one request until it gets a final answer, as a registrant's phone
 * should: the same Idempotency-Key and body every time; a connection error or a 5xx is tried
 * again after a short backoff; a 409 IDEMPOTENCY_IN_PROGRESS is tried again after its Retry-After.
 * Every attempt is kept, so a test can say what each registrant went through.
 */
import type { ApiClient, ApiResponse } from './api-client';

export interface Attempt {
  /** Milliseconds since the client started. */
  at: number;
  status?: number;
  code?: string;
  /** The Retry-After header of the answer, as sent. */
  retryAfter?: string | null;
  /** A connection error (refused, reset, timed out). */
  error?: string;
}

export interface Outcome {
  /** The final answer: anything but a connection error, a 5xx or IDEMPOTENCY_IN_PROGRESS. */
  answer?: ApiResponse;
  attempts: Attempt[];
}

export interface RetryOptions {
  /** Give up (no final answer) after this long. */
  deadlineMs: number;
  /** The wait before trying again after a connection error or a 5xx: doubling from FIRST_BACKOFF_MS up to this. */
  maxBackoffMs?: number;
  /** The longest a single attempt may take before it counts as a connection error. */
  attemptTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first wait after a connection error or a 5xx, and again after each Retry-After. */
const FIRST_BACKOFF_MS = 100;

/** Sends `method path` as `client` with `key` until a final answer or the deadline. */
export async function sendUntilAnswered(
  client: ApiClient,
  method: string,
  path: string,
  key: string,
  options: RetryOptions & { body?: unknown },
): Promise<Outcome> {
  const started = Date.now();
  const attempts: Attempt[] = [];
  const maxBackoff = options.maxBackoffMs ?? 2000;
  let backoff = FIRST_BACKOFF_MS;
  while (Date.now() - started < options.deadlineMs) {
    let answer: ApiResponse;
    try {
      answer = await client.request(method, path, {
        ...(options.body === undefined ? {} : { body: options.body }),
        headers: { 'idempotency-key': key },
        signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      attempts.push({ at: Date.now() - started, error: cause ?? (error as Error).name });
      // Jittered, so a restart is not met by every client at the same instant.
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
      backoff = Math.min(maxBackoff, backoff * 2);
      continue;
    }
    const code: string | undefined = answer.body?.error?.code;
    attempts.push({
      at: Date.now() - started,
      status: answer.status,
      ...(code ? { code } : {}),
      ...(answer.status === 409 ? { retryAfter: answer.headers.get('retry-after') } : {}),
    });
    if (answer.status >= 500) {
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
      backoff = Math.min(maxBackoff, backoff * 2);
      continue;
    }
    if (answer.status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS') {
      const seconds = Number(answer.headers.get('retry-after'));
      // Without a usable Retry-After (which the test reports), try again after a second.
      await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
      backoff = FIRST_BACKOFF_MS;
      continue;
    }
    return { answer, attempts };
  }
  return { attempts };
}

/**
 * A line per attempt, for failure messages: the time since the first attempt, then the status and
 * code or the connection error (`+<n>ms 500 INTERNAL`, `+<n>ms ECONNREFUSED`).
 */
export function describeAttempts(attempts: readonly Attempt[]): string {
  return attempts
    .map((attempt) =>
      [
        `+${attempt.at}ms`,
        attempt.error ?? attempt.status,
        attempt.code,
        attempt.retryAfter === undefined ? undefined : `retry-after=${attempt.retryAfter}`,
      ]
        .filter((part) => part !== undefined)
        .join(' '),
    )
    .join(', ');
}
