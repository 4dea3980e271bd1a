import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { schemaMessage } from '#shared/i18n/zod-issues';
import { isTrueText, isWellFormedText } from './rules';

// zod/mini (a Lambda carries only the validators it uses) ships no messages: English ones, as in
// every error of docs/api.md. Every schema module imports this one, so it is set before any parse.
z.config(en());

/**
 * Every exported schema of the domain is `z.lazy`: built the first time something parses with it
 * (or the OpenAPI document is generated), so a Lambda builds the few schemas its requests use, not
 * all of them while it starts. `built` gives the schema a lazy one stands for, to pick or extend.
 *
 * Each `z.lazy` call is marked `/* @__PURE__ *\/`: esbuild may then drop every schema a function
 * never refers to, so importing one schema of a module no longer brings (and makes, at load) all
 * the others. Keep the mark on new schemas.
 */
export const built = <T extends z.core.SomeType>(schema: z.ZodMiniLazy<T>): T => schema._zod.innerType;

/** Opaque ids: URL-safe, bounded, so a path parameter can never carry anything surprising. */
export const id = /* @__PURE__ */ z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[A-Za-z0-9_-]+$/, schemaMessage(MESSAGES.validation.idCharacters())),
    ),
);

export const instant = /* @__PURE__ */ z.lazy(() =>
  z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 instant with offset')),
);

/** A Beijing calendar date, `YYYY-MM-DD`. */
export const calendarDate = /* @__PURE__ */ z.lazy(() =>
  z.iso.date().check(z.describe('A Beijing calendar date, YYYY-MM-DD')),
);

/** The program runs 2021–2035 (rollout, full operation, final evaluation in 2030, and after). */
export const PROGRAM_YEARS = { min: 2021, max: 2035 } as const;
export const programYear = /* @__PURE__ */ z.lazy(() =>
  z.int().check(z.gte(PROGRAM_YEARS.min), z.lte(PROGRAM_YEARS.max), z.describe('Program year, 2021–2035')),
);
/**
 * The text of exactly the years 2021–2035, for the OpenAPI document: JSON Schema cannot bound the
 * number a text stands for. A unit test holds it to what `programYearText` accepts.
 */
const PROGRAM_YEAR_TEXT_PATTERN = '^(202[1-9]|203[0-5])$';

/** The same year arriving as text, in a path or query string. */
export const programYearText = /* @__PURE__ */ z.lazy(() =>
  z
    .pipe(
      z.pipe(
        z.string().check(z.regex(/^\d{4}$/, schemaMessage(MESSAGES.validation.yearDigits()))),
        z.transform(Number),
      ),
      programYear,
    )
    .check(z.describe('Program year, 2021–2035'), z.meta({ pattern: PROGRAM_YEAR_TEXT_PATTERN })),
);

/** Money: a non-negative integer number of fen (分), at most 100 million yuan. */
export const fen = /* @__PURE__ */ z.lazy(() =>
  z.int().check(z.gte(0), z.lte(10_000_000_000), z.describe('Integer number of fen (分)')),
);

/** Long free text: trimmed, at most `max` characters (may be empty only if optional). */
export const longText = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.maxLength(max, schemaMessage(MESSAGES.validation.atMostCharacters(max))),
      z.refine(isWellFormedText, schemaMessage(MESSAGES.validation.notUnicode())),
    );

/** `?flag=true|false` in a query string. */
export const booleanText = /* @__PURE__ */ z.lazy(() =>
  z.pipe(z.enum(['true', 'false']), z.transform(isTrueText)),
);

/**
 * `?mine=true`, required by the lists of a trainee's own things. The schema takes `false` as well,
 * which the operation refuses (400, naming `mine`): the OpenAPI document offers `true` alone.
 */
export const mineText = /* @__PURE__ */ z.lazy(() =>
  booleanText.check(
    z.describe('Must be true: a trainee lists its own (false, or no mine, is refused with 400)'),
    z.meta({ enum: ['true'] }),
  ),
);

/** Non-empty, trimmed text of at most `max` characters. */
export const shortText = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, schemaMessage(MESSAGES.validation.notEmpty())),
      z.maxLength(max, schemaMessage(MESSAGES.validation.atMostCharacters(max))),
      z.refine(isWellFormedText, schemaMessage(MESSAGES.validation.notUnicode())),
    );

/** `?limit=&cursor=` as docs/api.md defines them for every list. */
export const pagination = {
  limit: /* @__PURE__ */ z.lazy(() =>
    z
      ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50)
      .check(z.describe('Page size, 1..200')),
  ),
  cursor: /* @__PURE__ */ z.lazy(() =>
    z.optional(z.string().check(z.maxLength(2000))).check(z.describe('`nextCursor` of the previous page')),
  ),
};

/** `{items, nextCursor}`, the shape of every list response. */
export const page = <T extends z.ZodMiniType>(item: T, name: string) =>
  z
    .object({ items: z.array(item), nextCursor: z.nullable(z.string()) })
    .register(z.globalRegistry, { id: name });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A domain rule: every problem it finds in a value, each at its own path (empty when none). */
export type Rule<T> = (value: T) => readonly { path: readonly (string | number)[]; message: Text | string }[];

/**
 * A check that reports every problem `rule` finds, each at its own path (the house form of
 * `z.superRefine`): the rule itself stays a plain function beside the logic it belongs to.
 */
export const issuesBy = <T>(rule: Rule<T>) =>
  z.superRefine<T>((value, ctx) => {
    for (const issue of rule(value)) {
      const text = typeof issue.message === 'string' ? undefined : issue.message;
      // zod keeps the English; the Text rides along for the refusal (shared/i18n/zod-issues.ts).
      ctx.addIssue({
        code: 'custom',
        path: [...issue.path],
        message: text ? text.en : (issue.message as string),
        ...(text ? { params: { text } } : {}),
      });
    }
  });
