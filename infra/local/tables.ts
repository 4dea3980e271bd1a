/** Creates the tables of `shared/store/tables.ts` in DynamoDB Local: the same definitions CDK deploys. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDef } from '#shared/store/tables';

export function createTableInput(def: TableDef, name = def.name): CreateTableCommandInput {
  const keyNames = new Set([
    def.partitionKey,
    def.sortKey,
    ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ],
    ...(def.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
}

/**
 * A table kept under DATA_DIR from before it had a stream gets one, as a redeploy would give it;
 * one whose stream shows other images than its definition now asks for gets a new stream that
 * does (DynamoDB changes a stream's view only by disabling it and enabling a new one; the old
 * stream's records were written, and counted, before). True when a stream was enabled now.
 */
export async function ensureStream(client: DynamoDBClient, def: TableDef, name = def.name): Promise<boolean> {
  if (!def.stream) return false;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const current = Table?.StreamSpecification;
  if (current?.StreamEnabled && current.StreamViewType === def.stream) return false;
  if (current?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
    );
  }
  await client.send(
    new UpdateTableCommand({
      TableName: name,
      StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream },
    }),
  );
  return true;
}

/**
 * Creates every table that does not exist yet; existing tables (kept under DATA_DIR) keep their data
 * and get a stream if their definition now has one.
 */
export async function ensureTables(client: DynamoDBClient): Promise<string[]> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const created: string[] = [];
  for (const def of Object.values(TABLES) as TableDef[]) {
    if (existing.has(def.name)) {
      await ensureStream(client, def);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(def)));
    if (def.timeToLive) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: def.name,
          TimeToLiveSpecification: { AttributeName: def.timeToLive, Enabled: true },
        }),
      );
    }
    created.push(def.name);
  }
  return created;
}
