import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { decodeCursor, encodeCursor } from '#shared/store/cursor';
import { orgKey } from '#shared/store/organizations';

const KEY_NAMES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;
const PARTITION = { gsi1pk: 'ORGS' };
const LAST_KEY = {
  ...orgKey('org_1'),
  gsi1pk: 'ORGS',
  gsi1sk: 'host#2026-01-01T00:00:00.000Z#org_1',
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectInvalidCursor(cursor: string) {
  let error: unknown;
  try {
    decodeCursor(cursor, KEY_NAMES, PARTITION);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  expect((error as AppError).toBody('en').error.details).toEqual([
    { field: 'cursor', message: 'Invalid cursor' },
  ]);
  expect((error as AppError).toBody().error.details).toEqual([
    { field: 'cursor', message: '无效的翻页位置' },
  ]);
}

describe('cursor', () => {
  it('round-trips the last evaluated key', () => {
    const cursor = encodeCursor(LAST_KEY);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor ?? '', KEY_NAMES, PARTITION)).toEqual(LAST_KEY);
  });

  it('encodes no key as null and decodes no cursor as undefined', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, KEY_NAMES, PARTITION)).toBeUndefined();
  });

  it.each([
    ['garbage', '!!!not-a-cursor!!!'],
    ['base64 of text that is not JSON', Buffer.from('hello').toString('base64url')],
    ['a JSON string', encode('ORGS')],
    ['a JSON array', encode(['pk', 'sk'])],
    ['JSON null', encode(null)],
    ['a JSON number', encode(42)],
    ['a key missing a name', encode({ pk: 'a', sk: 'b', gsi1pk: 'ORGS' })],
    ['a key with an extra name', encode({ ...LAST_KEY, extra: 'x' })],
    ['a key with a non-string value', encode({ ...LAST_KEY, sk: 1 })],
    ['a key of another partition', encode({ ...LAST_KEY, gsi1pk: 'PLANS' })],
    ['an empty string', ''],
  ])('refuses %s with a 400 naming cursor', (_, cursor) => {
    expectInvalidCursor(cursor);
  });
});
