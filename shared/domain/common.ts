import * as z from 'zod';

/** Opaque ids: URL-safe, bounded, so a path parameter can never carry anything surprising. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'An id has only letters, digits, "-" and "_"');

export const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset');

/** A Beijing calendar date, `YYYY-MM-DD`. */
export const calendarDate = z.iso.date().describe('A Beijing calendar date, YYYY-MM-DD');

/** The program runs 2021–2035 (rollout, full operation, final evaluation in 2030, and after). */
export const PROGRAM_YEARS = { min: 2021, max: 2035 } as const;
export const programYear = z
  .int()
  .min(PROGRAM_YEARS.min)
  .max(PROGRAM_YEARS.max)
  .describe('Program year, 2021–2035');
/** The same year arriving as text, in a path or query string. */
export const programYearText = z
  .string()
  .regex(/^\d{4}$/, 'A year is four digits')
  .transform(Number)
  .pipe(programYear)
  .describe('Program year, 2021–2035');

/** Money: a non-negative integer number of fen (分), at most 100 million yuan. */
export const fen = z.int().min(0).max(10_000_000_000).describe('Integer number of fen (分)');

/** Long free text: trimmed, at most `max` characters (may be empty only if optional). */
export const longText = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

/** `?flag=true|false` in a query string. */
export const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Non-empty, trimmed text of at most `max` characters. */
export const shortText = (max: number) =>
  z.string().trim().min(1, 'Must not be empty').max(max, `At most ${max} characters`);

/** `?limit=&cursor=` as API.md defines them for every list. */
export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1..200'),
  cursor: z.string().max(2000).optional().describe('`nextCursor` of the previous page'),
};

/** `{items, nextCursor}`, the shape of every list response. */
export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id: name });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
