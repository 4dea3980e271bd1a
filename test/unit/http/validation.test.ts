import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AppError } from '#shared/domain/errors';
import { issuesToDetails, parseJsonBody, validate } from '#shared/http/validation';

const Schema = z.strictObject({
  name: z.string(),
  count: z.optional(z.number().check(z.int())),
  nested: z.optional(z.strictObject({ a: z.number() })),
});

function caught(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('validate', () => {
  it('returns the parsed value when valid', () => {
    expect(validate(Schema, { name: 'x', count: 2 }, 'body')).toEqual({ name: 'x', count: 2 });
  });

  it('names unknown fields, nested ones too, with "Unknown field" and 不接受此字段', () => {
    const error = caught(() =>
      validate(Schema, { name: 'x', colour: 'red', nested: { a: 1, b: 2 } }, 'body'),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.toBody('en').error.details).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'Unknown field' },
        { field: 'nested.b', message: 'Unknown field' },
      ]),
    );
    expect(error.toBody('zh-CN').error.details).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'colour：不接受此字段' },
        { field: 'nested.b', message: 'nested.b：不接受此字段' },
      ]),
    );
    expect(error.message).toContain('colour');
    expect(error.message).toContain('nested.b');
  });

  it('speaks Chinese by default, naming fields by their labels', () => {
    const error = caught(() =>
      validate(z.strictObject({ title: z.string(), startDate: z.iso.date() }), { title: 7 }, 'body'),
    );
    const { message, details } = error.toBody().error;
    expect(message).toBe('请求内容有误：标题、开始日期');
    expect(details).toEqual([
      { field: 'title', message: expect.stringMatching(/^标题：.*string/) },
      { field: 'startDate', message: expect.stringMatching(/^开始日期：/) },
    ]);
    // "received number" needs the input, which is reported while parsing and never shown.
    expect(details?.[0]?.message).toMatch(/实际接收 数字/);
    expect(error.toBody('en').error.details?.[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
    expect(JSON.stringify(error.toBody())).not.toContain('"input"');
  });

  it('names fields of the wrong type and lists them all in the message', () => {
    const error = caught(() => validate(Schema, { name: 42, count: 'many' }, 'body'));
    const fields = error.details?.map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'count']));
    expect(error.message).toMatch(/^Invalid body: /);
    expect(error.message).toContain('name');
    expect(error.message).toContain('count');
    for (const detail of error.toBody().error.details ?? []) expect(detail.message.length).toBeGreaterThan(0);
  });

  it('prefixes fields outside the body with where they came from', () => {
    const error = caught(() =>
      validate(
        z.strictObject({ limit: z.coerce.number().check(z.lte(200)) }),
        { limit: '500', extra: '1' },
        'query',
      ),
    );
    expect(error.details?.map((detail) => detail.field)).toEqual(
      expect.arrayContaining(['query.limit', 'query.extra']),
    );
    expect(error.message).toMatch(/^Invalid query: /);
  });

  it('gives a message without fields for an error on the whole value', () => {
    const NonEmpty = z.object({}).check(z.refine(() => false, { message: 'Send something' }));
    const error = caught(() => validate(NonEmpty, {}, 'body'));
    expect(error.message).toBe('Invalid body');
    expect(error.toBody().error.message).toBe('请求内容有误');
    expect(error.toBody('en').error.details).toEqual([{ message: 'Send something' }]);
  });

  it('rejects a missing body for a schema that needs one', () => {
    const error = caught(() => validate(Schema, undefined, 'body'));
    expect(error.status).toBe(400);
    expect(error.details?.length).toBeGreaterThan(0);
  });
});

describe('issuesToDetails', () => {
  it('turns one unrecognized_keys issue into one detail per key', () => {
    const result = z.safeParse(Schema, { name: 'x', a: 1, b: 2 });
    expect(result.success).toBe(false);
    const details = issuesToDetails(result.error?.issues ?? []);
    expect(details).toEqual([
      { field: 'a', message: { 'zh-CN': 'a：不接受此字段', en: 'Unknown field' } },
      { field: 'b', message: { 'zh-CN': 'b：不接受此字段', en: 'Unknown field' } },
    ]);
  });
});

describe('parseJsonBody', () => {
  it('parses JSON text', () => {
    expect(parseJsonBody('{"name":"南宁","n":1}', false)).toEqual({ name: '南宁', n: 1 });
  });

  it('decodes a base64 body first', () => {
    const body = Buffer.from('{"name":"桂林"}', 'utf8').toString('base64');
    expect(parseJsonBody(body, true)).toEqual({ name: '桂林' });
  });

  it('reads an empty or missing body as undefined', () => {
    expect(parseJsonBody('', false)).toBeUndefined();
    expect(parseJsonBody(undefined, undefined)).toBeUndefined();
  });

  it.each([
    ['truncated JSON', '{"name":', false],
    ['not JSON at all', 'name=x', false],
    ['malformed JSON inside base64', Buffer.from('{oops').toString('base64'), true],
  ])('refuses %s with 400 MALFORMED_JSON', (_, body, isBase64Encoded) => {
    const error = caught(() => parseJsonBody(body, isBase64Encoded));
    expect(error.status).toBe(400);
    expect(error.code).toBe('MALFORMED_JSON');
  });
});
