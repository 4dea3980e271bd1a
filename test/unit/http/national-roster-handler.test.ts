/**
 * The national roster export as the rosters function runs it, DynamoDB mocked: the profiles are
 * read in one BatchGet for the whole roster (never one read per trainee), the export is recorded
 * by exactly one conditional put into an audit partition, and when that record cannot be written
 * the caller gets an error and no file.
 */
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as rostersHandler } from '#functions/rosters/handler';
import { newPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { CreateSessionInput } from '#shared/domain/sessions/schemas';
import { newSession } from '#shared/domain/sessions/session';
import type { TraineeProfile } from '#shared/domain/trainees/schemas';
import { auditActorPartition } from '#shared/store/audit';
import { planPk } from '#shared/store/plans';
import { sessionPk } from '#shared/store/sessions';
import { AUDIT_TRAIL } from '#shared/store/tables';
import { traineePk } from '#shared/store/trainees';
import { idNumberFor } from '../../support/fixtures';
import { claimsFor, httpEvent, lambdaContext } from '../../support/http-event';
import { useTestConfig } from '../helpers/env';

const dynamo = mockClient(DynamoDBDocumentClient);
useTestConfig({
  TABLE_REGISTRATIONS: 'registrations-unit',
  TABLE_CERTIFICATES: 'certificates-unit',
  LOG_LEVEL: 'SILENT',
});

afterEach(() => dynamo.reset());
afterAll(() => dynamo.restore());

const NOW = new Date('2026-06-10T02:00:00.000Z');
const HOST = { userId: 'host-user', roles: ['host' as const], orgId: 'org_host' };
const plan: Plan = {
  ...newPlan(
    CreatePlanInput.parse({
      year: 2026,
      project: 'capability',
      level: 'regional',
      category: 'professional',
      title: '专业科目培训计划',
      plannedSessions: 1,
      plannedTrainees: 100,
      budget: { subsidyCapFen: 0, selfFundedFen: 0 },
    }),
    HOST,
    NOW,
    new Map([['org_host', { name: '广西人才培训中心' }]]),
  ),
  status: 'published',
};
const session = newSession(
  plan,
  CreateSessionInput.parse({
    title: '专业科目班次',
    startDate: '2026-06-01',
    endDate: '2026-06-02',
    registrationDeadline: '2026-05-30',
    capacity: 300,
    creditHours: 8,
    subjectType: 'professional',
    mode: 'online',
    city: '南宁',
  }),
  new Date('2026-05-01T02:00:00.000Z'),
);

/** 150 trainees, all passed: more than one BatchGet's 100 keys, far more than a page of reads. */
const profiles: TraineeProfile[] = Array.from({ length: 150 }, (_, n) => ({
  traineeId: `trainee-${n}`,
  name: `学员${n}`,
  idNumber: idNumberFor(n),
  employer: '某单位',
  city: '桂林',
  email: `t${n}@example.cn`,
  updatedAt: NOW.toISOString(),
}));
const registrations: Registration[] = profiles.map((profile) => ({
  ...newRegistration(session, profile, new Date('2026-05-02T02:00:00.000Z')),
  status: 'completed',
  result: { passed: true, recordedAt: NOW.toISOString(), recordedBy: 'host-user' },
}));

function mockReads() {
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk === sessionPk(session.id)) return { Item: session };
    if (input.Key.pk === planPk(plan.id)) return { Item: plan };
    return {};
  });
  dynamo
    .on(QueryCommand)
    .callsFake((input: { TableName: string }) =>
      input.TableName === 'registrations-unit' ? { Items: registrations } : { Items: [] },
    );
  dynamo
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
      const keys = input.RequestItems['registrations-unit']?.Keys ?? [];
      const wanted = new Set(keys.map((key) => key.pk));
      return {
        Responses: { 'registrations-unit': profiles.filter((p) => wanted.has(traineePk(p.traineeId))) },
      };
    });
}

const exportCsv = async () =>
  (await rostersHandler(
    httpEvent({
      routeKey: 'GET /sessions/{sessionId}/national-roster.csv',
      pathParameters: { sessionId: session.id },
      claims: claimsFor('host', 'host-user', { 'custom:orgId': 'org_host', name: '李主任' }),
    }),
    lambdaContext('rosters'),
  )) as APIGatewayProxyStructuredResultV2;

describe('the national roster export', () => {
  beforeEach(mockReads);

  it('reads the profiles in batches, not one by one, and carries every full ID number', async () => {
    dynamo.on(PutCommand).resolves({});
    const result = await exportCsv();
    expect(result.statusCode).toBe(200);
    const body = result.body ?? '';
    for (const profile of profiles) expect(body).toContain(`,${profile.idNumber},`);
    // The session and the plan: no GetItem per trainee.
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    const batches = dynamo.commandCalls(BatchGetCommand);
    expect(batches).toHaveLength(2);
    expect(
      batches.map((call) => call.args[0].input.RequestItems?.['registrations-unit']?.Keys?.length),
    ).toEqual([100, 50]);
  });

  it('records it with one conditional put into an audit partition, naming who and which session', async () => {
    dynamo.on(PutCommand).resolves({});
    await exportCsv();
    const puts = dynamo.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    const input = puts[0]?.args[0].input;
    expect(input?.TableName).toBe('plans-unit');
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({
      pk: expect.stringMatching(new RegExp(`^${AUDIT_TRAIL.partitionPrefix}\\d{4}-\\d{2}$`)),
      gsi1pk: auditActorPartition('host-user'),
      actor: 'host-user',
      actorName: '李主任',
      action: 'national-roster-export',
      target: `session:${session.id}`,
      detail: { format: 'csv', rows: 150, sessionTitle: '专业科目班次' },
    });
    // The record says who read and which session, never the numbers read.
    expect(JSON.stringify(input?.Item)).not.toContain(profiles[0]?.idNumber);
  });

  it('returns no file when the record cannot be written', async () => {
    dynamo.on(PutCommand).rejects(new Error('throttled'));
    const result = await exportCsv();
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['content-type']).toContain('application/json');
    expect(result.headers?.['content-disposition']).toBeUndefined();
    expect(result.body).not.toContain(profiles[0]?.idNumber as string);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ error: { code: 'INTERNAL' } });
  });
});
