import { describe, expect, it } from 'vitest';
import {
  AppError,
  badRequest,
  conflict,
  conflictUntil,
  forbidden,
  internalErrorBody,
  MAX_ERROR_DETAILS,
  notFound,
  unauthorized,
  unprocessable,
} from '#shared/domain/errors';
import { listed } from '#shared/i18n/lists';

describe('AppError', () => {
  it('is an Error with a name, status and code', () => {
    const error = new AppError(409, 'FULL', 'The session is full');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    expect(error.status).toBe(409);
    expect(error.message).toBe('The session is full');
  });

  it('has no details key in its body when it has no details', () => {
    const body = new AppError(404, 'NOT_FOUND', 'No such plan').toBody();
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such plan' } });
    expect('details' in body.error).toBe(false);
  });

  it('names at most MAX_ERROR_DETAILS details and counts the rest, however many there are', () => {
    const details = Array.from({ length: 20_000 }, (_, i) => ({ field: `f${i}`, message: 'Unknown field' }));
    const body = new AppError(400, 'VALIDATION_FAILED', 'Invalid body', details).toBody();
    expect(body.error.details).toEqual(details.slice(0, MAX_ERROR_DETAILS));
    expect(body.error.detailsOmitted).toBe(20_000 - MAX_ERROR_DETAILS);
    expect(JSON.stringify(body).length).toBeLessThan(2_000);
    const exactly = new AppError(400, 'X', 'x', details.slice(0, MAX_ERROR_DETAILS)).toBody();
    expect(exactly.error.details).toHaveLength(MAX_ERROR_DETAILS);
    expect('detailsOmitted' in exactly.error).toBe(false);
  });

  it('lists at most MAX_ERROR_DETAILS names in a message', () => {
    const names = Array.from({ length: 500 }, (_, i) => `f${i}`);
    expect(listed(names).en).toBe(`${names.slice(0, MAX_ERROR_DETAILS).join(', ')} (and 480 more)`);
    expect(listed(names)['zh-CN']).toBe(`${names.slice(0, MAX_ERROR_DETAILS).join('、')}（另有 480 项）`);
    expect(listed(['a', 'b'])).toEqual({ 'zh-CN': 'a、b', en: 'a, b' });
  });

  it('carries its details in the body', () => {
    const details = [{ field: 'name', message: 'Must not be empty' }];
    expect(new AppError(400, 'VALIDATION_FAILED', 'Invalid body: name', details).toBody()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'Invalid body: name', details },
    });
  });
});

describe('error helpers', () => {
  it.each([
    ['badRequest', badRequest('bad'), 400, 'BAD_REQUEST'],
    ['badRequest with a code', badRequest('bad', undefined, 'MALFORMED_JSON'), 400, 'MALFORMED_JSON'],
    ['unauthorized', unauthorized(), 401, 'UNAUTHORIZED'],
    ['forbidden', forbidden(), 403, 'FORBIDDEN'],
    ['notFound', notFound(), 404, 'NOT_FOUND'],
    ['notFound with a code', notFound('gone', 'NO_PLAN'), 404, 'NO_PLAN'],
    ['conflict', conflict('ALREADY_REGISTERED', 'twice'), 409, 'ALREADY_REGISTERED'],
    ['unprocessable', unprocessable('REGISTRATION_CLOSED', 'late'), 422, 'REGISTRATION_CLOSED'],
  ])('%s', (_, error, status, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('keeps the details of a conflict', () => {
    const error = conflict('X', 'y', [{ message: 'z' }]);
    expect(error.toBody().error.details).toEqual([{ message: 'z' }]);
  });

  it('the internal error body has the one shape and says nothing of the cause', () => {
    expect(internalErrorBody().error.code).toBe('INTERNAL');
    expect(Object.keys(internalErrorBody().error).sort()).toEqual(['code', 'message']);
    expect(internalErrorBody('en').error.message).toBe(
      'Something went wrong on our side; it has been logged',
    );
  });
});

describe('a conflict that passes by itself', () => {
  it('carries Retry-After in whole seconds, rounded up, beside the one body shape', () => {
    const error = conflictUntil('IDEMPOTENCY_IN_PROGRESS', 'Still running', 7.2);
    expect(error.status).toBe(409);
    expect(error.headers).toEqual({ 'retry-after': '8' });
    expect(error.toBody()).toEqual({ error: { code: 'IDEMPOTENCY_IN_PROGRESS', message: 'Still running' } });
  });

  it.each([0, -3, 0.2])('never says less than a second (%s)', (seconds) => {
    expect(conflictUntil('IDEMPOTENCY_IN_PROGRESS', 'Still running', seconds).headers).toEqual({
      'retry-after': '1',
    });
  });

  it('leaves other errors without headers', () => {
    expect(conflict('FULL', 'Full').headers).toBeUndefined();
  });
});
