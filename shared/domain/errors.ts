/**
 * The one error shape of docs/api.md: `{"error": {"code", "message", "details"?}}`. Everything a
 * handler refuses is an AppError with its status; anything else is a fault of the system (500).
 * Messages are Texts (every language the API answers in); the answer picks the caller's.
 */

import { aboutField } from '#shared/i18n/field-labels';
import type { Language } from '#shared/i18n/language';
import { MAX_LISTED } from '#shared/i18n/lists';
import * as MESSAGES from '#shared/i18n/messages';
import { type Text, textIn } from '#shared/i18n/text';

export interface ErrorDetail {
  field?: string;
  message: Text | string;
  [key: string]: unknown;
}

/** An answer names at most this many details (and how many more there were). */
export const MAX_ERROR_DETAILS = MAX_LISTED;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text | string,
    readonly details?: readonly ErrorDetail[],
    /** Headers the answer carries besides its body, e.g. `retry-after` (lower-case names). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    // English in logs and stack traces: operators search them with the code's words.
    super(textIn(text, 'en'));
    this.name = 'AppError';
  }

  /** The answer's body, its messages in `language`. */
  toBody(language?: Language) {
    const details = this.details ?? [];
    const omitted = details.length - MAX_ERROR_DETAILS;
    return {
      error: {
        code: this.code,
        message: textIn(this.text, language),
        ...(this.details
          ? {
              details: details
                .slice(0, MAX_ERROR_DETAILS)
                .map((detail) => ({ ...detail, message: textIn(detail.message, language) })),
            }
          : {}),
        ...(omitted > 0 ? { detailsOmitted: omitted } : {}),
      },
    };
  }
}

export const badRequest = (message: Text | string, details?: ErrorDetail[], code = 'BAD_REQUEST') =>
  new AppError(400, code, message, details);
export const unauthorized = (message: Text | string = MESSAGES.requests.signIn()) =>
  new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: Text | string = MESSAGES.requests.roleMayNot(), code = 'FORBIDDEN') =>
  new AppError(403, code, message);
export const notFound = (message: Text | string = MESSAGES.requests.notFound(), code = 'NOT_FOUND') =>
  new AppError(404, code, message);
export const conflict = (code: string, message: Text | string, details?: ErrorDetail[]) =>
  new AppError(409, code, message, details);

/**
 * A 409 that will pass by itself: `Retry-After` (RFC 9110, whole seconds, at least 1) tells the
 * client when asking again can get another answer.
 */
export const conflictUntil = (code: string, message: Text | string, retryAfterSeconds: number) =>
  new AppError(409, code, message, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const unprocessable = (code: string, message: Text | string, details?: ErrorDetail[]) =>
  new AppError(422, code, message, details);

/** The answer to a fault of ours: nothing of the fault itself, which is logged. */
export const internalErrorBody = (language?: Language) => ({
  error: { code: 'INTERNAL', message: textIn(MESSAGES.requests.internal(), language) },
});

/** The 400 of a rule checked outside zod (fields that must agree), shaped like zod's own. */
export function invalidFields(
  issues: readonly { path: readonly string[]; message: Text | string }[],
): AppError {
  const details = issues.map((issue) => {
    const field = issue.path.join('.');
    return { field, message: aboutField(field, issue.message) };
  });
  return badRequest(
    MESSAGES.validation.invalidInput(
      'body',
      details.map((detail) => detail.field),
    ),
    details,
    'VALIDATION_FAILED',
  );
}
