/**
 * Issue 4's burst: 500 trainees register at once for a 50-seat session through the local HTTP
 * API (the same handlers, middleware and DynamoDB Local transactions as `npm start`), beside the
 * bare DynamoDB transaction that takes a seat, run the same way against the same DynamoDB Local.
 * The ratio of the two throughputs is the figure: how much the API costs over the database.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../test/support/api-client';
import { addDays, idNumberFor } from '../test/support/fixtures';
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
  const today = beijingDate(new Date());
  const org = await admin.post('/organizations', { name: '基准测试承办单位', kind: 'host', city: '南宁' });
  const host = await anonymous.as('bench-host', 'host', org.body.id);
  const plan = await host.post('/plans', {
    year: Number(today.slice(0, 4)),
    project: 'capability',
    level: 'regional',
    category: 'public-elective',
    title: '基准测试计划',
    plannedSessions: 1,
    plannedTrainees: REGISTRANTS,
    budget: { subsidyCapFen: 0, selfFundedFen: 0 },
  });
  await host.post(`/plans/${plan.body.id}/submit`);
  await admin.post(`/plans/${plan.body.id}/review`, { decision: 'approve' });
  await admin.post(`/plans/${plan.body.id}/publish`);
  const session = await host.post(`/plans/${plan.body.id}/sessions`, {
    title: '基准测试班次',
    startDate: addDays(today, 10),
    endDate: addDays(today, 11),
    registrationDeadline: addDays(today, 5),
    capacity: CAPACITY,
    creditHours: 8,
    subjectType: 'public-elective',
    mode: 'online',
    city: '南宁',
  });
  const trainees: ApiClient[] = [];
  for (let n = 0; n < REGISTRANTS; n++) {
    const trainee = await anonymous.as(`bench-trainee-${n}`, 'trainee');
    await trainee.request('PUT', '/trainees/me', {
      body: {
        name: `学员${n}`,
        idNumber: idNumberFor(n),
        employer: '某单位',
        city: '南宁',
        email: `b${n}@example.cn`,
      },
    });
    trainees.push(trainee);
  }
  return { sessionId: session.body.id, trainees };
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
