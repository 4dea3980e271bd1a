/**
 * The load model's items (infra/cost/opening-day.ts), stored: DynamoDB Local says what each write
 * of them consumes, in the table and in each index, and that is what the model counts. They go to
 * copies of the tables of their own, so no other test lists the model's sessions.
 */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeUnits } from '#infra/cost/item-size';
import { EXAMPLES, ITEMS } from '#infra/cost/opening-day';
import { createTableInput } from '#infra/local/tables';
import { db, dynamo } from '#shared/store/client';
import { TABLES, type TableName } from '#shared/store/tables';

const copyOf = (table: TableName) => `load-model-${table}`;
const COPIED: TableName[] = ['plans', 'registrations', 'idempotency'];

const CASES: [keyof typeof EXAMPLES, TableName, string[]][] = [
  ['registration', 'registrations', ['gsi1', 'gsi2']],
  ['waitlistedRegistration', 'registrations', ['gsi1', 'gsi2', 'gsi3']],
  ['guard', 'registrations', []],
  ['publicCourseSession', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['cappedSession', 'plans', ['gsi1', 'gsi2', 'gsi3']],
  ['idempotencyRecord', 'idempotency', []],
  ['counters', 'plans', []],
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
