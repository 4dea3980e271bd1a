/** Small rules the schemas share: plain functions, testable without a schema. */

/** `?flag=true|false` read as a boolean (after the schema allowed only those two words). */
export const isTrueText = (text: 'true' | 'false') => text === 'true';

/** A PATCH must change something. */
export const hasSomeField = (patch: object) => Object.keys(patch).length > 0;

/**
 * Text that is valid Unicode. JSON may carry `"\ud800"`, half of a surrogate pair, which no UTF-8
 * file, mail or header can hold: refused at the edge, it never reaches a roster, a certificate or
 * a report.
 */
export const isWellFormedText = (text: string) => text.isWellFormed();

/** The text with each lone surrogate replaced by U+FFFD, as a browser or TextEncoder would. */
export const toWellFormedText = (text: string) => text.toWellFormed();
