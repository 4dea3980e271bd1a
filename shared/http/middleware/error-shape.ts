/** Every thrown error leaves in the one error shape of docs/api.md; only faults of ours become a 500. */
import { AppError, internalErrorBody } from '#shared/domain/errors';
import { languageOf } from '#shared/i18n/language';
import { logger } from '../logger';
import { jsonResponse } from '../responses';
import type { HttpMiddleware } from './context';

export function errorShape(): HttpMiddleware {
  return {
    name: 'errorShape',
    onError: (request) => {
      const { error } = request;
      const language = languageOf(request.context.preferredLanguage);
      if (error instanceof AppError) {
        const response = jsonResponse(error.status, error.toBody(language));
        request.response = { ...response, headers: { ...response.headers, ...error.headers } };
        return;
      }
      logger.error('unhandled fault', error as Error);
      request.response = jsonResponse(500, internalErrorBody(language));
    },
  };
}
