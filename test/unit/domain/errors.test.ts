import { describe, expect, it } from 'vitest';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  INTERNAL_ERROR_BODY,
  notFound,
  unauthorized,
  unprocessable,
} from '#shared/domain/errors';

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
    expect(INTERNAL_ERROR_BODY.error.code).toBe('INTERNAL');
    expect(Object.keys(INTERNAL_ERROR_BODY.error).sort()).toEqual(['code', 'message']);
  });
});
