/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey as base64url JSON. A cursor is checked
 * against the partition the query reads, so a forged or foreign cursor is a 400, not a DynamoDB
 * error.
 */
import { badRequest } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';

type Key = Record<string, string>;

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

/** The 400 every cursor a list did not make gets. */
export const invalidCursor = () =>
  badRequest(MESSAGES.requests.badCursor(), [
    { field: 'cursor', message: MESSAGES.requests.invalidCursor() },
  ]);

/** The JSON inside a cursor; 400 when it is not base64url JSON. */
export function cursorJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

/** The ExclusiveStartKey for `cursor`, which must carry `keyNames` and the given partition values. */
export function decodeCursor(
  cursor: string | undefined,
  keyNames: readonly string[],
  partition: Key,
): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = invalidCursor;
  const decoded = cursorJson(cursor);
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  const names = Object.keys(key);
  // DynamoDB refuses empty key values: a cursor carrying one was not made by a list.
  const wellFormed = (name: string) => typeof key[name] === 'string' && key[name] !== '';
  if (names.length !== keyNames.length || !keyNames.every(wellFormed)) throw invalid();
  if (!Object.entries(partition).every(([name, value]) => key[name] === value)) throw invalid();
  return key as Key;
}
