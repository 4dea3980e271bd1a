/** Turning zod's verdict into the 400 of API.md, naming every field that is wrong. */
import * as z from 'zod/mini';
import { badRequest, type ErrorDetail, listNames } from '#shared/domain/errors';

function fieldName(path: readonly PropertyKey[], prefix?: string): string | undefined {
  const parts = [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('.') : undefined;
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
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
export function validate<T extends z.ZodMiniType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues, where === 'body' ? undefined : where);
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
