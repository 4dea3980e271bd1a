/**
 * zod's verdict in both languages. zod 4 ships its messages as locales; each issue is rendered
 * with the zh-CN and the en locale from what the issue records (which is why inputs are reported
 * while parsing: "received number" needs the input). Messages the schemas themselves give (a
 * rule's issues, a check's own message) are Texts of the catalogue, carried by the issue.
 */
import type * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { isText, type Text } from './text';

type Issue = z.core.$ZodIssue;
type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const LOCALES = { 'zh-CN': zhCN().localeError, en: en().localeError } as const;

/** Texts a schema check gives as its message, by their English (what zod puts on the issue). */
const SCHEMA_MESSAGES = new Map<string, Text>();

/**
 * A catalogue Text as the message of a zod check (`z.regex(pattern, schemaMessage(text))`): zod
 * takes the English, and the refusal shows the text in the caller's language.
 */
export function schemaMessage(text: Text): string {
  SCHEMA_MESSAGES.set(text.en, text);
  return text.en;
}

function localeMessage(locale: z.core.$ZodErrorMap, issue: Issue): string {
  const made = locale(issue as unknown as RawIssue);
  return typeof made === 'string' ? made : (made?.message ?? issue.message);
}

export function issueText(issue: Issue): Text {
  const carried = issue.code === 'custom' ? issue.params?.text : undefined;
  if (isText(carried)) return carried;
  const given = SCHEMA_MESSAGES.get(issue.message);
  if (given) return given;
  if (issue.code === 'custom') return { 'zh-CN': issue.message, en: issue.message };
  return { 'zh-CN': localeMessage(LOCALES['zh-CN'], issue), en: localeMessage(LOCALES.en, issue) };
}
