/** Turning a compiled validator's verdict into the 400 of API.md, naming every field that is wrong. */
import { badRequest, type ErrorDetail, listNames } from '#shared/domain/errors';
import type { Issue } from '#shared/validators/issues';
import { type Schema, safeParse } from '#shared/validators/schemas';

function fieldName(path: readonly PropertyKey[], prefix?: string): string | undefined {
  const parts = [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('.') : undefined;
}

export function issuesToDetails(issues: readonly Issue[], prefix?: string): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: fieldName([...issue.path, key], prefix) ?? key,
        message: 'Unknown field',
      }));
    }
    const field = fieldName(issue.path, prefix);
    return [field ? { field, message: issue.message } : { message: issue.message }];
  });
}

/** Parse `value` with `schema`, or throw a 400 that names the fields (`where`: body, query, path). */
export function validate<T>(schema: Schema<T>, value: unknown, where: string): T {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const details = issuesToDetails(result.issues, where === 'body' ? undefined : where);
  const fields = [...new Set(details.flatMap((detail) => (detail.field ? [detail.field] : [])))];
  const message = fields.length > 0 ? `Invalid ${where}: ${listNames(fields)}` : `Invalid ${where}`;
  throw badRequest(message, details, 'VALIDATION_FAILED');
}

/** Malformed JSON is 400 (not the 415/422 of common body parsers), decided here once. */
export function parseJsonBody(body: string | undefined, isBase64Encoded: boolean | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON', undefined, 'MALFORMED_JSON');
  }
}
