/**
 * The one error shape of API.md: `{"error": {"code", "message", "details"?}}`. Everything a
 * handler refuses is an AppError with its status; anything else is a fault of the system (500).
 */
export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/**
 * An answer names at most this many details (and how many more there were): a body with
 * thousands of unknown fields must not make an error larger than the request.
 */
export const MAX_ERROR_DETAILS = 20;

/** `a, b, c` for a message, the first MAX_ERROR_DETAILS names and a count of the others. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_ERROR_DETAILS).join(', ');
  const more = names.length - MAX_ERROR_DETAILS;
  return more > 0 ? `${shown} (and ${more} more)` : shown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody() {
    const details = this.details ?? [];
    const omitted = details.length - MAX_ERROR_DETAILS;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: details.slice(0, MAX_ERROR_DETAILS) } : {}),
        ...(omitted > 0 ? { detailsOmitted: omitted } : {}),
      },
    };
  }
}

export const badRequest = (message: string, details?: ErrorDetail[], code = 'BAD_REQUEST') =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Sign in: send a valid Bearer token') =>
  new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'Your role may not do this', code = 'FORBIDDEN') =>
  new AppError(403, code, message);
export const notFound = (message = 'Not found', code = 'NOT_FOUND') => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(422, code, message, details);

export const INTERNAL_ERROR_BODY = {
  error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' },
};

/** The 400 of a rule checked outside zod (fields that must agree), shaped like zod's own. */
export function invalidFields(issues: readonly { path: readonly string[]; message: string }[]): AppError {
  const details = issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  return badRequest(
    `Invalid body: ${listNames(details.map((detail) => detail.field))}`,
    details,
    'VALIDATION_FAILED',
  );
}
