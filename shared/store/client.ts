/**
 * The DynamoDB document client, created once per container. `DYNAMODB_ENDPOINT` points it at
 * DynamoDB Local on one machine; in the cloud it is unset and the SDK finds the regional endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config/env';

const { dynamodbEndpoint: endpoint, awsRegion } = config();

/**
 * Locally one process serves every request at once (a Lambda container serves one): a burst would
 * wait for the SDK's default 50 sockets, and a transaction counts as in flight for the
 * conflict-faithful mode (infra/local/dynamodb-rules.ts) while it waits there, holding its items
 * longer than DynamoDB would.
 */
const LOCAL_MAX_SOCKETS = 500;

export const dynamo = new DynamoDBClient(
  endpoint
    ? {
        endpoint,
        region: awsRegion ?? 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: { httpAgent: { keepAlive: true, maxSockets: LOCAL_MAX_SOCKETS } },
      }
    : {},
);

export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
