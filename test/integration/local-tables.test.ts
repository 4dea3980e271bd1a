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
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(await ensureStream(client, TABLES.registrations, name)).toBe(false);

    const kept = await client.send(
      new GetItemCommand({ TableName: name, Key: { pk: { S: 'kept' }, sk: { S: 'ITEM' } } }),
    );
    expect(kept.Item?.pk?.S).toBe('kept');
  });

  it('gives a table streaming new images only a stream of old and new images, once', async () => {
    const previous = `${name}-new-image`;
    await client.send(
      new CreateTableCommand({
        ...createTableInput(TABLES.registrations, previous),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    try {
      expect(await ensureStream(client, TABLES.registrations, previous)).toBe(true);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: previous }));
      expect(Table?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      expect(await ensureStream(client, TABLES.registrations, previous)).toBe(false);
    } finally {
      await client.send(new DeleteTableCommand({ TableName: previous }));
    }
  });

  it('leaves tables whose definition has no stream alone', async () => {
    expect(await ensureStream(client, TABLES.plans, name)).toBe(false);
  });
});
