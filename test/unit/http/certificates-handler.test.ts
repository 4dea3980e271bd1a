/**
 * A malformed certificate number (wrong pattern, wrong check character) is refused with a 400
 * before any database read, on the public and the signed-in routes; so is a token that is not
 * an ES256 JWS of ours. DynamoDB is mocked: any command sent would show in `dynamo.calls()`.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handler as certificatesHandler } from '#functions/certificates/handler';
import { handler as verificationHandler } from '#functions/verification/handler';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Registration } from '#shared/domain/registrations/schemas';
import { certificateKey, completionGuardKey } from '#shared/store/certificates';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../../support/http-event';
import { useTestConfig } from '../helpers/env';
import { makeTempDir } from '../helpers/temp-dir';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const dynamo = mockClient(DynamoDBDocumentClient);
const keysDir = makeTempDir('certificate-keys');
const verification = verificationHandler as unknown as Handler;
const certificates = certificatesHandler as unknown as Handler;

const TABLE_CERTIFICATES = 'certificates-unit';
useTestConfig({
  TABLE_CERTIFICATES,
  TABLE_REGISTRATIONS: 'registrations-unit',
  LOCAL_KEYS_DIR: keysDir.path,
  LOG_LEVEL: 'SILENT',
});

afterEach(() => dynamo.reset());
afterAll(() => {
  dynamo.restore();
  keysDir.remove();
});

const VALID = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });
const check = VALID.slice(-1);
const WRONG_CHECK = `${VALID.slice(0, -1)}${check === '0' ? '1' : '0'}`;
const TECHNICAL = formatCertificateNumber({
  year: 2026,
  type: 'technical-level',
  level: 'senior',
  sequence: 1_234_567,
});
const TECHNICAL_WRONG_CHECK = `${TECHNICAL.slice(0, -1)}${TECHNICAL.endsWith('X') ? '5' : 'X'}`;

/** Numbers refused by the rule alone, each with the reason it is malformed. */
const MALFORMED: [string, string][] = [
  ['a wrong check character', WRONG_CHECK],
  ['a wrong check character (X) on a 7-digit sequence', TECHNICAL_WRONG_CHECK],
  ['one sequence digit mistyped', VALID.replace('-000123-', '-000124-')],
  ['the wrong pattern', 'GX-2026-P0-123-7'],
  ['lower case', VALID.toLowerCase()],
  ['no check character', VALID.slice(0, -2)],
  ['level 4', 'GX-2026-T4-000123-7'],
  ['not a number at all', 'hello'],
];

const TRAINEE = claimsFor('trainee', 'trainee-1');
const ADMIN = claimsFor('admin', 'admin-1', { 'custom:orgId': 'org_hrss' });

const expectMalformed = (result: APIGatewayProxyStructuredResultV2) => {
  expect(result.statusCode).toBe(400);
  expect(jsonBody(result)).toEqual({
    error: {
      code: 'INVALID_CERTIFICATE_NUMBER',
      message: expect.any(String),
      details: [expect.objectContaining({ field: 'number' })],
    },
  });
  expect(dynamo.calls()).toHaveLength(0);
};

describe('GET /public/certificates/{number} (verification handler)', () => {
  it.each(MALFORMED)('answers 400 to %s without a database read', async (_label, number) => {
    const result = await verification(
      httpEvent({ routeKey: 'GET /public/certificates/{number}', pathParameters: { number } }),
      lambdaContext('verification'),
    );
    expectMalformed(result);
  });

  it('does read the database for a well-formed number (so the check above can see a read)', async () => {
    dynamo.on(GetCommand).resolves({});
    const result = await verification(
      httpEvent({ routeKey: 'GET /public/certificates/{number}', pathParameters: { number: VALID } }),
      lambdaContext('verification'),
    );
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE_CERTIFICATES,
      Key: { pk: certificateKey(VALID).pk },
    });
  });

  it('answers 400 to a number over the schema limit, without a read', async () => {
    const result = await verification(
      httpEvent({
        routeKey: 'GET /public/certificates/{number}',
        pathParameters: { number: `GX-2026-P0-${'1'.repeat(200)}-1` },
      }),
      lambdaContext('verification'),
    );
    expect(result.statusCode).toBe(400);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('GET /certificates/{number} (certificates handler, signed in)', () => {
  it.each(MALFORMED)('answers 400 to %s without a database read', async (_label, number) => {
    const result = await certificates(
      httpEvent({ routeKey: 'GET /certificates/{number}', pathParameters: { number }, claims: TRAINEE }),
      lambdaContext('certificates'),
    );
    expectMalformed(result);
  });

  it('does read the database for a well-formed number: 404 when unknown', async () => {
    dynamo.on(GetCommand).resolves({});
    const result = await certificates(
      httpEvent({
        routeKey: 'GET /certificates/{number}',
        pathParameters: { number: VALID },
        claims: TRAINEE,
      }),
      lambdaContext('certificates'),
    );
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('answers 401 without claims, before anything else', async () => {
    const result = await certificates(
      httpEvent({ routeKey: 'GET /certificates/{number}', pathParameters: { number: WRONG_CHECK } }),
      lambdaContext('certificates'),
    );
    expect(result.statusCode).toBe(401);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('POST /certificates/{number}/revoke (admin)', () => {
  it.each(MALFORMED)('answers 400 to %s without a database read', async (_label, number) => {
    const result = await certificates(
      httpEvent({
        routeKey: 'POST /certificates/{number}/revoke',
        pathParameters: { number },
        claims: ADMIN,
        body: JSON.stringify({ reason: '信息有误' }),
      }),
      lambdaContext('certificates'),
    );
    expectMalformed(result);
  });
});

describe('POST /public/certificates/verify with tokens that are no certificate of ours', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = b64({ sub: VALID, name: '张三' });

  it.each([
    ['not a JWS', 'hello'],
    ['two parts', `${b64({ alg: 'ES256' })}.${claims}`],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`],
    ['alg none with a signature part', `${b64({ alg: 'none' })}.${claims}.AAAA`],
    [
      'HS256',
      `${b64({ alg: 'HS256', typ: 'JWT' })}.${claims}.${Buffer.from('x'.repeat(32)).toString('base64url')}`,
    ],
    ['a header that is not JSON', `bm90IGpzb24.${claims}.AAAA`],
    ['over 4 KB', `${b64({ alg: 'ES256', kid: 'k' })}.${'A'.repeat(4097)}.AAAA`],
    ['an empty string', ''],
  ])('answers 200 valid: false to %s, without a database read', async (_label, token) => {
    const result = await verification(
      httpEvent({ routeKey: 'POST /public/certificates/verify', body: JSON.stringify({ token }) }),
      lambdaContext('verification'),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({
      valid: false,
      status: 'invalid',
      reason: expect.any(String),
      certificate: null,
    });
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('completion issuance when DynamoDB reports a transaction in flight', () => {
  // In the cloud, two recordings of the same pass that reach the guard item together make DynamoDB
  // cancel one TransactWriteItems with reason TransactionConflict (DynamoDB Local serializes them,
  // so the integration tests cannot show it). That is a reason to try again, not a fault.
  const registration = {
    id: 'reg_0001',
    sessionId: 'ses_0001',
    traineeId: 'trainee-1',
    traineeName: '张三',
    sessionTitle: '数字经济专题研修班',
    creditHours: 24,
    status: 'completed',
  } as unknown as Registration;
  const issuer = { id: 'org_host_0001', name: '广西数字技术培训中心' } as unknown as Organization;
  const conflictInFlight = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
      $metadata: {},
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
    });

  it('retries and issues the certificate instead of throwing', async () => {
    const { ensureCompletionCertificate } = await import('#shared/use-cases/certificates/issuance');
    dynamo.on(GetCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({ Attributes: { value: 7 } });
    dynamo.on(TransactWriteCommand).rejectsOnce(conflictInFlight()).resolves({});
    await expect(ensureCompletionCertificate(registration, issuer, new Date())).resolves.toMatchObject({
      type: 'completion',
      registrationId: 'reg_0001',
      holderId: 'trainee-1',
    });
  });

  it('answers with the certificate the other recording issued when that one committed', async () => {
    const { ensureCompletionCertificate } = await import('#shared/use-cases/certificates/issuance');
    const winner = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 8 });
    const stored = {
      number: winner,
      type: 'completion',
      holderId: 'trainee-1',
      holderName: '张三',
      title: '数字经济专题研修班',
      creditHours: 24,
      issuerOrgId: 'org_host_0001',
      issuer: '广西数字技术培训中心',
      issuedOn: '2026-06-01',
      sessionId: 'ses_0001',
      registrationId: 'reg_0001',
      status: 'valid',
      token: 'a.b.c',
      createdAt: '2026-06-01T02:00:00.000Z',
    };
    // No guard at first; after the conflict, the other recording's guard and certificate are there.
    dynamo
      .on(GetCommand, { Key: completionGuardKey('reg_0001') })
      .resolvesOnce({})
      .resolves({ Item: { ...completionGuardKey('reg_0001'), number: winner } });
    dynamo.on(GetCommand, { Key: certificateKey(winner) }).resolves({ Item: stored });
    dynamo.on(UpdateCommand).resolves({ Attributes: { value: 9 } });
    dynamo.on(TransactWriteCommand).rejects(conflictInFlight());
    await expect(ensureCompletionCertificate(registration, issuer, new Date())).resolves.toMatchObject({
      number: winner,
    });
  });
});
