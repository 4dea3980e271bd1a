/**
 * Turning zod's verdict into the 400 of docs/api.md, naming every field that is wrong: in Chinese by
 * the field's label, in English by its name.
 */
import * as z from 'zod/mini';
import { badRequest, type ErrorDetail } from '#shared/domain/errors';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { issueText } from '#shared/i18n/zod-issues';

export type InputPart = 'body' | 'query' | 'path';

function fieldName(path: readonly PropertyKey[], prefix?: string): string | undefined {
  const parts = [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('.') : undefined;
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = fieldName([...issue.path, key], prefix) ?? key;
        return { field, message: aboutField(field, MESSAGES.validation.unknownField()) };
      });
    }
    const field = fieldName(issue.path, prefix);
    const text = issueText(issue);
    return [field ? { field, message: aboutField(field, text) } : { message: text }];
  });
}

/** Parse `value` with `schema`, or throw a 400 that names the fields (`where`: body, query, path). */
export function validate<T extends z.ZodMiniType>(schema: T, value: unknown, where: InputPart): z.output<T> {
  // The inputs are reported so that a message can say what was received; they never leave here.
  const result = z.safeParse(schema, value, { reportInput: true });
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues, where === 'body' ? undefined : where);
  const fields = [...new Set(details.flatMap((detail) => (detail.field ? [detail.field] : [])))];
  throw badRequest(MESSAGES.validation.invalidInput(where, fields), details, 'VALIDATION_FAILED');
}

/** Malformed JSON is 400 (not the 415/422 of common body parsers), decided here once. */
export function parseJsonBody(body: string | undefined, isBase64Encoded: boolean | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(MESSAGES.validation.malformedJson(), undefined, 'MALFORMED_JSON');
  }
}
