/**
 * `Idempotency-Key` on creating POSTs (routes marked `idempotent`): the first request with a key
 * does the work and its answer is kept for 24 h; a replay with the same body gets that answer, a
 * replay with another body is refused, and a replay racing the first waits briefly for its answer,
 * then is told (409 with `Retry-After`) when the first's claim runs out. A claim lasts as long as
 * the invocation holding it may run, so one whose Lambda crashed or timed out is taken over then.
 * A refusal (4xx) is the answer to its request and is kept too; a fault frees the key (a timeout
 * does not: the work may still be finishing). Why this is
 * house code and not Powertools' Idempotency: docs/adr/0003-idempotency-middleware.md.
 */
import { createHash } from 'node:crypto';
import { AppError, badRequest, conflictUntil, unprocessable } from '#shared/domain/errors';
import { languageOf } from '#shared/i18n/language';
import * as MESSAGES from '#shared/i18n/messages';
import { MEDIA_TYPES } from '#shared/media-types';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  leaseSecondsFor,
  releaseIdempotencyKey,
  type StoredResponse,
} from '#shared/store/idempotency';
import type { HttpResult } from '../types';
import type { HttpContext, HttpMiddleware } from './context';

const MAX_KEY_LENGTH = 200;
const WAIT_FOR_FIRST_MS = [50, 100, 200, 400, 800, 1600];

/** The claimed key of this invocation, kept until its answer is known. */
const claims = new WeakMap<HttpContext, { scope: string; key: string }>();

const replayOf = (stored: StoredResponse): HttpResult => ({
  statusCode: stored.statusCode,
  headers: { 'content-type': MEDIA_TYPES.json, 'idempotent-replayed': 'true' },
  body: stored.body,
});

/** Claims the key for this request, or finds the answer a first request with it left. */
async function claimOrReplay(context: HttpContext, key: string, rawBody: string): Promise<void> {
  const { route, operation } = context;
  if (!route || !operation?.principal) return;
  if (key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw badRequest(MESSAGES.requests.idempotencyKeyMalformed(MAX_KEY_LENGTH), [
      { field: 'Idempotency-Key', message: MESSAGES.requests.invalidKey() },
    ]);
  }
  // Scoped to the caller and the route: two users can never collide, nor one user on two routes.
  const scope = `${operation.principal.userId}#${route.operationId}`;
  const bodyHash = createHash('sha256').update(rawBody).digest('base64url');
  // The request's time, moved on by the waits: a lease that runs out meanwhile is taken over.
  const started = Date.now();
  const clock = () => new Date(operation.now.getTime() + (Date.now() - started));
  // Held until this invocation can no longer be running (the catalog's timeout, when unknown).
  const leaseSeconds = leaseSecondsFor(context.getRemainingTimeInMillis?.());

  let leaseUntil: number | undefined;
  for (const waitMs of [0, ...WAIT_FOR_FIRST_MS]) {
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const claim = await claimIdempotencyKey(scope, key, bodyHash, clock(), leaseSeconds);
    if (claim.outcome !== 'claimed' && claim.bodyHash !== bodyHash) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', MESSAGES.requests.idempotencyKeyReused());
    }
    if (claim.outcome === 'completed') {
      context.replay = replayOf(claim.response);
      return;
    }
    if (claim.outcome === 'claimed') {
      claims.set(context, { scope, key });
      return;
    }
    leaseUntil = claim.leaseUntil;
  }
  // The first request's answer or the end of its claim, whichever comes, is there by then; a claim
  // freed just now (no lease left to wait for) may be taken at once.
  const retryAfter = leaseUntil === undefined ? 1 : leaseUntil - clock().getTime() / 1000;
  const seconds = Math.max(1, Math.ceil(retryAfter));
  throw conflictUntil('IDEMPOTENCY_IN_PROGRESS', MESSAGES.requests.idempotencyInProgress(seconds), seconds);
}

export function idempotency(): HttpMiddleware {
  return {
    name: 'idempotency',
    before: async ({ event, context }) => {
      const key = event.headers?.['idempotency-key'];
      if (!context.route?.idempotent || key === undefined) return;
      // The path is part of the request: the same key on another session is another request.
      await claimOrReplay(context, key, `${event.rawPath}\n${event.body ?? ''}`);
    },
    after: async ({ context, response }) => {
      const claim = claims.get(context);
      if (!claim || !response) return;
      claims.delete(context);
      await completeIdempotencyKey(claim.scope, claim.key, {
        statusCode: response.statusCode ?? 200,
        body: response.body ?? '',
      });
    },
    onError: async ({ context, error }) => {
      const claim = claims.get(context);
      if (!claim) return;
      claims.delete(context);
      if (error instanceof AppError && error.status < 500) {
        await completeIdempotencyKey(claim.scope, claim.key, {
          statusCode: error.status,
          body: JSON.stringify(error.toBody(languageOf(context.preferredLanguage))),
        });
      } else if (error?.name !== 'TimeoutError') {
        await releaseIdempotencyKey(claim.scope, claim.key);
      }
      // After middy's early timeout the operation may still be writing: a retry must not run it
      // again, so the key stays claimed until its lease runs out.
    },
  };
}
