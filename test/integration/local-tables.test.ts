/**
 * The local runtime's tables against DynamoDB Local: a table kept under DATA_DIR from before its
 * definition had a stream gets one on the next `npm start`, keeping its items.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localDynamoClient } from '#infra/local/dynamodb';
import { createTableInput, ensureStream } from '#infra/local/tables';
import { TABLES } from '#shared/store/tables';

const client = localDynamoClient(inject('dynamoEndpoint'));
const name = `registrations-before-streams-${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: name }));
  client.destroy();
});

describe('ensureStream', () => {
  it('enables the stream of a table made without one, once, and keeps its items', async () => {
    const { StreamSpecification: _none, ...withoutStream } = createTableInput(TABLES.registrations, name);
    await client.send(new CreateTableCommand(withoutStream));
    await client.send(
      new PutItemCommand({ TableName: name, Item: { pk: { S: 'kept' }, sk: { S: 'ITEM' } } }),
    );

    expect(await ensureStream(client, TABLES.registrations, name)).toBe(true);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(await ensureStream(client, TABLES.registrations, name)).toBe(false);

    const kept = await client.send(
      new GetItemCommand({ TableName: name, Key: { pk: { S: 'kept' }, sk: { S: 'ITEM' } } }),
    );
    expect(kept.Item?.pk?.S).toBe('kept');
  });

  it('leaves tables whose definition has no stream alone', async () => {
    expect(await ensureStream(client, TABLES.plans, name)).toBe(false);
  });
});
