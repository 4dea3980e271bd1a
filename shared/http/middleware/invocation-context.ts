/** The invocation's request id, function and cold start on every log line it writes. */
import type { MiddlewareObj } from '@middy/core';
import { logger } from '../logger';

export function invocationContext(): MiddlewareObj {
  return { name: 'invocationContext', before: ({ context }) => logger.addContext(context) };
}
