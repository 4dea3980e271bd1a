/** A trainee's ID number never reaches a log line, on any path through the trainees function. */
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as traineesHandler } from '#functions/trainees/handler';
import { traineePk, traineeProfileKey } from '#shared/store/trainees';
import { claimsFor, httpEvent, lambdaContext } from '../../support/http-event';
import { useTestConfig } from '../helpers/env';
import { captureLogs } from '../helpers/log-capture';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const ID_NUMBER = '450103199001011238';
const ID_NUMBER_X = '45010319850615028X';
const TRAINEE = 'trainee-log-1';

const dynamo = mockClient(DynamoDBDocumentClient);
const handler = traineesHandler as unknown as Handler;
const logs = captureLogs();

const profileInput = (idNumber: string) => ({
  name: '李华',
  idNumber,
  employer: '广西壮族自治区人民医院',
  city: '南宁',
  email: 'lihua@example.cn',
});

const putProfile = (idNumber: string) =>
  handler(
    httpEvent({
      routeKey: 'PUT /trainees/me',
      claims: claimsFor('trainee', TRAINEE),
      body: JSON.stringify(profileInput(idNumber)),
    }),
    lambdaContext('trainees'),
  );

/** The lines logged, after checking the request line is among them (so the capture works). */
function linesWithRequestLine(statusCode: number): string[] {
  const lines = logs.lines();
  const request = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === 'request');
  expect(request).toMatchObject({ routeKey: expect.stringContaining('/trainees/me'), statusCode });
  return lines;
}

function expectNoIdNumber(lines: string[], ...idNumbers: string[]) {
  for (const line of lines) {
    for (const idNumber of idNumbers) {
      expect(line).not.toContain(idNumber);
      expect(line.toLowerCase()).not.toContain(idNumber.toLowerCase());
    }
  }
}

useTestConfig({ TABLE_REGISTRATIONS: 'registrations-unit', LOG_LEVEL: 'INFO' });

beforeEach(() => logs.start());
afterEach(() => {
  logs.stop();
  dynamo.reset();
});
afterAll(() => dynamo.restore());

describe('trainees function logging', () => {
  it('stores a profile and logs no ID number', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const result = await putProfile(ID_NUMBER);
    expect(result.statusCode).toBe(200);
    // The owner's own answer carries it in full; the store got it too: only the logs must not.
    expect(result.body).toContain(ID_NUMBER);
    const [profile, guard] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(profile?.Put?.Item).toMatchObject({ idNumber: ID_NUMBER });
    // The uniqueness guard's key is the number's digest: keys show up where items do not.
    expect(guard?.Put?.Item).toMatchObject({ traineeId: TRAINEE, sk: 'GUARD' });
    expectNoIdNumber([JSON.stringify(guard?.Put?.Item)], ID_NUMBER);
    expectNoIdNumber(linesWithRequestLine(200), ID_NUMBER);
  });

  it('logs the fault of an unexpected store error without the ID number', async () => {
    // The worst case: the SDK error quotes the item it failed to write.
    const failure = Object.assign(
      new Error(`ValidationException: cannot write {"idNumber":"${ID_NUMBER_X}"} for ${ID_NUMBER_X}`),
      { item: { idNumber: ID_NUMBER_X } },
    );
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(failure);
    const result = await putProfile(ID_NUMBER_X.toLowerCase());
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain(ID_NUMBER_X);
    const lines = linesWithRequestLine(500);
    expect(lines.some((line) => line.includes('unhandled fault'))).toBe(true);
    expectNoIdNumber(lines, ID_NUMBER_X);
  });

  it('refuses a wrong check digit with a 400 and logs neither the number nor its parts', async () => {
    const wrong = '450103199001011234';
    const result = await putProfile(wrong);
    expect(result.statusCode).toBe(400);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expectNoIdNumber(linesWithRequestLine(400), wrong);
  });

  it("returns the owner's stored profile and logs no ID number", async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        ...traineeProfileKey(TRAINEE),
        traineeId: TRAINEE,
        ...profileInput(ID_NUMBER),
        updatedAt: '2026-03-01T08:00:00.000Z',
      },
    });
    const result = await handler(
      httpEvent({ routeKey: 'GET /trainees/me', claims: claimsFor('trainee', TRAINEE) }),
      lambdaContext('trainees'),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(ID_NUMBER);
    expect(result.body).not.toContain(traineePk(TRAINEE));
    expectNoIdNumber(linesWithRequestLine(200), ID_NUMBER);
  });
});
