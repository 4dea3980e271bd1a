/**
 * Issue 4's burst: 500 trainees register at once for a 50-seat session through the local HTTP
 * API (the same handlers, middleware and DynamoDB Local transactions as `npm start`), beside the
 * bare DynamoDB transaction that takes a seat, run the same way against the same DynamoDB Local.
 * The ratio of the two throughputs is the figure: how much the API costs over the database.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ApiClient } from '../test/support/api-client';
import { publishedSession, traineeWithProfile } from '../test/support/http-scenario';
import type { LocalSystem } from '../test/support/local-system';

export interface BurstResult {
  registrants: number;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  positionsDistinct: boolean;
  httpSeconds: number;
  httpPerSecond: number;
  bareSeconds: number;
  barePerSecond: number;
  ratio: number;
}

const REGISTRANTS = 500;
const CAPACITY = 50;

async function setUpSession(system: LocalSystem): Promise<{ sessionId: string; trainees: ApiClient[] }> {
  const anonymous = new ApiClient(system.baseUrl);
  const admin = await anonymous.as('bench-admin', 'admin', 'org_hrss');
  const { sessionId } = await publishedSession(anonymous, admin, {
    capacity: CAPACITY,
    hostName: '基准测试承办单位',
  });
  const trainees: ApiClient[] = [];
  for (let n = 0; n < REGISTRANTS; n++) trainees.push(await traineeWithProfile(anonymous, n));
  return { sessionId, trainees };
}

/** The bare transaction: the seat update and a registration put, retried on conflict like the API does. */
async function bareTransactions(endpoint: string): Promise<number> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const sessionKey = { pk: `BENCH#SESSION#${Date.now()}`, sk: 'SESSION' };
  await db.send(
    new PutCommand({ TableName: 'plans', Item: { ...sessionKey, capacity: CAPACITY, seatsTaken: 0 } }),
  );
  const started = performance.now();
  await Promise.all(
    Array.from({ length: REGISTRANTS }, async (_, n) => {
      for (let attempt = 0; attempt < 60; attempt++) {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: 'plans',
                    Key: sessionKey,
                    UpdateExpression: 'ADD seatsTaken :one',
                    ConditionExpression: 'seatsTaken < #capacity',
                    ExpressionAttributeNames: { '#capacity': 'capacity' },
                    ExpressionAttributeValues: { ':one': 1 },
                  },
                },
                {
                  Put: {
                    TableName: 'registrations',
                    Item: { pk: `BENCH#REG#${sessionKey.pk}#${n}`, sk: 'REG' },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          return;
        } catch (error) {
          const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
          if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return; // full: done
          await new Promise((resolve) =>
            setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)),
          );
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  db.destroy();
  return seconds;
}

export async function registrationBurst(system: LocalSystem): Promise<BurstResult> {
  const { sessionId, trainees } = await setUpSession(system);
  const started = performance.now();
  const answers = await Promise.all(
    trainees.map((trainee) => trainee.post(`/sessions/${sessionId}/registrations`)),
  );
  const httpSeconds = (performance.now() - started) / 1000;
  const failed = answers.filter((answer) => answer.status !== 201);
  if (failed.length > 0)
    throw new Error(`${failed.length} registrations failed: ${JSON.stringify(failed[0]?.body)}`);
  const confirmed = answers.filter((answer) => answer.body.status === 'confirmed').length;
  const positions = answers.flatMap((answer) =>
    answer.body.status === 'waitlisted' ? [answer.body.waitlistPosition] : [],
  );

  const bareSeconds = await bareTransactions(`http://127.0.0.1:${system.dynamoPort}`);
  const httpPerSecond = REGISTRANTS / httpSeconds;
  const barePerSecond = REGISTRANTS / bareSeconds;
  return {
    registrants: REGISTRANTS,
    capacity: CAPACITY,
    confirmed,
    waitlisted: positions.length,
    positionsDistinct: new Set(positions).size === positions.length,
    httpSeconds,
    httpPerSecond,
    bareSeconds,
    barePerSecond,
    ratio: httpPerSecond / barePerSecond,
  };
}
