/**
 * Small rules the schemas share. Zod-free, like every function a schema calls: the compiled
 * validators (`#shared/validators`) import them where zod's schemas held them.
 */

/** `?flag=true|false` read as a boolean (after the schema allowed only those two words). */
export const isTrueText = (text: 'true' | 'false') => text === 'true';

/** A PATCH must change something. */
export const hasSomeField = (patch: object) => Object.keys(patch).length > 0;
