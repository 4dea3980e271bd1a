/**
 * One log line per request once its answer is final (never headers or bodies: they can carry
 * tokens and ID numbers).
 */
import { logger } from '../logger';
import type { HttpMiddleware } from './context';

const logRequest: NonNullable<HttpMiddleware['after']> = ({ event, response }) => {
  logger.info('request', {
    routeKey: event.routeKey,
    statusCode: response?.statusCode,
    durationMs: Date.now() - event.requestContext.timeEpoch,
    userId: event.requestContext.authorizer?.jwt?.claims?.sub,
  });
};

export function requestLog(): HttpMiddleware {
  return {
    name: 'requestLog',
    after: logRequest,
    onError: logRequest,
  };
}
