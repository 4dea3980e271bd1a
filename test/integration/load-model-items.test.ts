/**
 * The load model's items (infra/cost/opening-day.ts), stored: DynamoDB Local says what each write
 * of them consumes, in the table and in each index, and that is what the model counts. They go to
 * copies of the tables of their own, so no other test lists the model's sessions. And the model's
 * path is the code's: a registration made by shared/store/registering.ts makes the writes the
 * model counts, and stores the items the model sizes, attribute for attribute.
 */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeUnits } from '#infra/cost/item-size';
import { EXAMPLES, ITEMS, PATHS, PENDING_CLAIM_PREFIX } from '#infra/cost/opening-day';
import { createTableInput } from '#infra/local/tables';
import { claimKeyOf } from '#shared/domain/registrations/claims';
import { newRegistration } from '#shared/domain/registrations/registration';
import { db, dynamo } from '#shared/store/client';
import { claimMarksOf, registerForSession } from '#shared/store/registering';
import { guardKey, registrationKey } from '#shared/store/registrations';
import { TABLES, type TableName, tableName } from '#shared/store/tables';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';

const copyOf = (table: TableName) => `load-model-${table}`;
const COPIED: TableName[] = ['plans', 'registrations', 'idempotency'];

const CASES: [keyof typeof EXAMPLES, TableName, string[]][] = [
  ['registration', 'registrations', ['gsi1', 'gsi2']],
  ['cappedRegistration', 'registrations', ['gsi1', 'gsi2']],
  ['waitlistedRegistration', 'registrations', ['gsi1', 'gsi2', 'gsi3']],
  ['completedRegistration', 'registrations', ['gsi1', 'gsi2']],
  ['guard', 'registrations', []],
  ['publicCourseSessionBefore', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['publicCourseSession', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['cappedSessionAtRest', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['cappedSessionSeating', 'plans', ['gsi1', 'gsi2', 'gsi3']],
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
      // Several examples are one item in different states (one key): a put replacing an item is
      // charged for the larger of the two, so each is put afresh.
      const { pk, sk } = EXAMPLES[name] as { pk: string; sk: string };
      await db.send(new DeleteCommand({ TableName: copyOf(table), Key: { pk, sk } }));
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

/** The tables' names as the writes carry them, back to the model's. */
const MODEL_TABLES = Object.fromEntries(
  (['plans', 'registrations', 'idempotency'] as const).map((table) => [tableName(table), table]),
);

/** The store's writes of one registration (the idempotency record's are the middleware's, around them). */
async function storeWrites(register: () => Promise<unknown>): Promise<SentWrite[]> {
  const recording = recordWrites();
  try {
    await register();
  } finally {
    recording.stop();
  }
  return recording.writes;
}

const modelWrites = (path: keyof typeof PATHS) =>
  PATHS[path].filter((write) => write.table !== 'idempotency').map((write) => [write.operation, write.table]);

/** The claim attribute each update sets, undefined for an update that sets none. */
const claimNames = (writes: readonly SentWrite[]) =>
  writes
    .filter((write) => write.operation === 'UpdateItem')
    .map((write) => (write.input.ExpressionAttributeNames as Record<string, string> | undefined)?.['#claim']);

const stored = async (table: TableName, key: Record<string, string>) =>
  (await db.send(new GetCommand({ TableName: tableName(table), Key: key, ConsistentRead: true }))).Item;

describe("the load model's registration path is the code's", () => {
  it('an uncapped session: the registration put alone, no write of the session; the item it stores is the one sized', async () => {
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

    // As the handler registers for a session without a capacity.
    const writes = await storeWrites(() => registerForSession(registration, { keyHash, unlimited: true }));

    expect(writes.map((write) => [write.operation, MODEL_TABLES[write.table]])).toEqual(
      modelWrites('publicCourse'),
    );
    expect(writes.filter((write) => MODEL_TABLES[write.table] === 'plans')).toEqual([]);
    expect(claimNames(writes)).toEqual([]);
    expect(await claimMarksOf(session.id)).toEqual(new Map());

    // No guard: the registration's derived id is the uniqueness.
    expect(await stored('registrations', guardKey(session.id, trainee.traineeId))).toBeUndefined();
    expect(attributeNames(await stored('registrations', registrationKey(registration.id)))).toEqual(
      attributeNames(EXAMPLES.registration),
    );
  });

  it('a capped session: one update of the session claiming a seat, then the put; the mark stays for the next claim', async () => {
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, { capacity: 10 });
    const [trainee] = await trainees(1);
    if (!trainee) throw new Error('No trainee made');
    const registration = newRegistration(session, trainee, new Date());
    const keyHash = claimKeyOf(trainee.traineeId, 'load-model-key');

    const writes = await storeWrites(() => registerForSession(registration, { keyHash }));

    expect(writes.map((write) => [write.operation, MODEL_TABLES[write.table]])).toEqual(
      modelWrites('cappedSeat'),
    );
    expect(claimNames(writes)).toEqual([`${PENDING_CLAIM_PREFIX}${registration.id}`]);
    // Nothing removed it after the put: this process's next claim on the session does, or the aggregator.
    expect([...(await claimMarksOf(session.id)).keys()]).toEqual([registration.id]);

    expect(await stored('registrations', guardKey(session.id, trainee.traineeId))).toBeUndefined();
    expect(attributeNames(await stored('registrations', registrationKey(registration.id)))).toEqual(
      attributeNames(EXAMPLES.cappedRegistration),
    );
  });
});
