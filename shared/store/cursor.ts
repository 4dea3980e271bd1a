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

/** The ExclusiveStartKey for `cursor`, which must carry `keyNames` and the given partition values. */
export function decodeCursor(
  cursor: string | undefined,
  keyNames: readonly string[],
  partition: Key,
): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    badRequest(MESSAGES.requests.badCursor(), [
      { field: 'cursor', message: MESSAGES.requests.invalidCursor() },
    ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  const names = Object.keys(key);
  // DynamoDB refuses empty key values: a cursor carrying one was not made by a list.
  const wellFormed = (name: string) => typeof key[name] === 'string' && key[name] !== '';
  if (names.length !== keyNames.length || !keyNames.every(wellFormed)) throw invalid();
  if (!Object.entries(partition).every(([name, value]) => key[name] === value)) throw invalid();
  return key as Key;
}
