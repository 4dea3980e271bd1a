/**
 * `Idempotency-Key` on creating POSTs: the first request with a key does the work and its
 * answer is kept for 24 h; a replay with the same body gets that answer, a replay with another
 * body is refused, and a replay racing the first waits briefly for its answer.
 */
import { createHash } from 'node:crypto';
import { AppError, badRequest, conflict, unprocessable } from '#shared/domain/errors';
import type { RouteDef } from '#shared/routes/types';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type StoredResponse,
} from '#shared/store/idempotency';
import type { Principal } from './principal';
import type { HttpResult } from './types';

const MAX_KEY_LENGTH = 200;
const WAIT_FOR_FIRST_MS = [50, 100, 200, 400, 800, 1600];

interface IdempotentCall {
  route: Pick<RouteDef, 'operationId'>;
  principal: Principal;
  key: string;
  rawBody: string;
  now: Date;
}

const replay = (stored: StoredResponse): HttpResult => ({
  statusCode: stored.statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' },
  body: stored.body,
});

export async function withIdempotency(
  call: IdempotentCall,
  run: () => Promise<HttpResult>,
): Promise<HttpResult> {
  if (call.key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(call.key)) {
    throw badRequest(`Idempotency-Key must be 1..${MAX_KEY_LENGTH} printable ASCII characters`, [
      { field: 'Idempotency-Key', message: 'Invalid key' },
    ]);
  }
  // Scoped to the caller and the route: two users can never collide, nor one user on two routes.
  const scope = `${call.principal.userId}#${call.route.operationId}`;
  const bodyHash = createHash('sha256').update(call.rawBody).digest('base64url');

  for (const waitMs of [0, ...WAIT_FOR_FIRST_MS]) {
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const claim = await claimIdempotencyKey(scope, call.key, bodyHash, call.now);
    if (claim.outcome !== 'claimed' && claim.bodyHash !== bodyHash) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different body');
    }
    if (claim.outcome === 'completed') return replay(claim.response);
    if (claim.outcome === 'claimed') return runAndRemember(scope, call.key, run);
  }
  throw conflict(
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still running; retry shortly',
  );
}

async function runAndRemember(
  scope: string,
  key: string,
  run: () => Promise<HttpResult>,
): Promise<HttpResult> {
  let result: HttpResult;
  try {
    result = await run();
  } catch (error) {
    // A refusal (4xx) is the answer to this request and is replayed; a fault frees the key.
    if (error instanceof AppError && error.status < 500) {
      await completeIdempotencyKey(scope, key, {
        statusCode: error.status,
        body: JSON.stringify(error.toBody()),
      });
    } else {
      await releaseIdempotencyKey(scope, key);
    }
    throw error;
  }
  await completeIdempotencyKey(scope, key, { statusCode: result.statusCode ?? 200, body: result.body ?? '' });
  return result;
}
