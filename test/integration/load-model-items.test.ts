/**
 * The load model's items (infra/cost/opening-day.ts), stored: DynamoDB Local says what each write
 * of them consumes, in the table and in each index, and that is what the model counts. They go to
 * copies of the tables of their own, so no other test lists the model's sessions. And the model's
 * path is the code's: a registration made by shared/store/registering.ts makes the writes the
 * model counts, and stores the items the model sizes, attribute for attribute.
 */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeUnits } from '#infra/cost/item-size';
import { EXAMPLES, ITEMS, PATHS, PENDING_CLAIM_PREFIX } from '#infra/cost/opening-day';
import { createTableInput } from '#infra/local/tables';
import { claimKeyOf } from '#shared/domain/registrations/claims';
import { newRegistration } from '#shared/domain/registrations/registration';
import { db, dynamo } from '#shared/store/client';
import { registerForSession } from '#shared/store/registering';
import { guardKey, registrationKey } from '#shared/store/registrations';
import { TABLES, type TableName, tableName } from '#shared/store/tables';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';

const copyOf = (table: TableName) => `load-model-${table}`;
const COPIED: TableName[] = ['plans', 'registrations', 'idempotency'];

const CASES: [keyof typeof EXAMPLES, TableName, string[]][] = [
  ['registration', 'registrations', ['gsi1', 'gsi2']],
  ['waitlistedRegistration', 'registrations', ['gsi1', 'gsi2', 'gsi3']],
  ['completedRegistration', 'registrations', ['gsi1', 'gsi2']],
  ['guard', 'registrations', []],
  ['publicCourseSession', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['publicCourseSessionClaiming', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['cappedSessionAtRest', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['cappedSession', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['idempotencyRecord', 'idempotency', []],
  ['countersBefore', 'plans', []],
  ['counters', 'plans', []],
  ['countsProgress', 'plans', []],
];

beforeAll(async () => {
  for (const table of COPIED)
    await dynamo.send(new CreateTableCommand(createTableInput(TABLES[table], copyOf(table))));
});

afterAll(async () => {
  for (const table of COPIED) await dynamo.send(new DeleteTableCommand({ TableName: copyOf(table) }));
});

describe('the load model items, written to DynamoDB Local', () => {
  it.each(CASES)(
    '%s takes the write units the model counts, in the table and its indexes',
    async (name, table, indexes) => {
      const { ConsumedCapacity } = await db.send(
        new PutCommand({ TableName: copyOf(table), Item: EXAMPLES[name], ReturnConsumedCapacity: 'INDEXES' }),
      );
      expect(ConsumedCapacity?.Table?.CapacityUnits).toBe(writeUnits(ITEMS[name]));
      expect(Object.keys(ConsumedCapacity?.GlobalSecondaryIndexes ?? {}).sort()).toEqual(indexes);
      for (const index of indexes) {
        expect(ConsumedCapacity?.GlobalSecondaryIndexes?.[index]?.CapacityUnits).toBe(
          writeUnits(ITEMS[name]),
        );
      }
    },
  );
});

/** The writes the code sends, as DynamoDB sees them: operation, table, and the input. */
interface SentWrite {
  operation: string;
  table: string;
  input: Record<string, unknown>;
}

function recordWrites(): { writes: SentWrite[]; stop: () => void } {
  const writes: SentWrite[] = [];
  const name = 'loadModelWrites';
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: Record<string, unknown> }).input;
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems'].includes(operation)) {
        writes.push({ operation, table: String(input.TableName), input });
      }
      return next(args);
    },
    { step: 'initialize', priority: 'low', name },
  );
  return { writes, stop: () => dynamo.middlewareStack.remove(name) };
}

const attributeNames = (item: Record<string, unknown> | undefined) => Object.keys(item ?? {}).sort();

describe("the load model's registration path is the code's", () => {
  it('an uncapped session: seat claim, registration, claim removed; the items it stores are those sized', async () => {
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, {
      capacity: null,
      mode: 'online',
      subjectType: 'public-compulsory',
    });
    const [trainee] = await trainees(1);
    if (!trainee) throw new Error('No trainee made');
    const registration = newRegistration(session, trainee, new Date());
    const keyHash = claimKeyOf(trainee.traineeId, 'load-model-key');

    const recording = recordWrites();
    try {
      await registerForSession(registration, { keyHash });
    } finally {
      recording.stop();
    }

    // The idempotency record's claim and answer are the middleware's, around the store's writes.
    const tables = Object.fromEntries(
      (['plans', 'registrations', 'idempotency'] as const).map((table) => [tableName(table), table]),
    );
    expect(recording.writes.map((write) => [write.operation, tables[write.table]])).toEqual(
      PATHS.publicCourse
        .filter((write) => write.table !== 'idempotency')
        .map((write) => [write.operation, write.table]),
    );
    const claimNames = recording.writes
      .filter((write) => write.operation === 'UpdateItem')
      .map((write) => (write.input.ExpressionAttributeNames as Record<string, string>)['#claim']);
    expect(claimNames).toEqual([
      `${PENDING_CLAIM_PREFIX}${registration.id}`,
      `${PENDING_CLAIM_PREFIX}${registration.id}`,
    ]);

    const stored = async (table: TableName, key: Record<string, string>) =>
      (await db.send(new GetCommand({ TableName: tableName(table), Key: key, ConsistentRead: true }))).Item;
    // No guard: the registration's derived id is the uniqueness.
    expect(await stored('registrations', guardKey(session.id, trainee.traineeId))).toBeUndefined();
    expect(attributeNames(await stored('registrations', registrationKey(registration.id)))).toEqual(
      attributeNames(EXAMPLES.registration),
    );
  });
});
