import { z } from 'zod';

/** Opaque ids: URL-safe, bounded, so a path parameter can never carry anything surprising. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'An id has only letters, digits, "-" and "_"');

export const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset');

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
