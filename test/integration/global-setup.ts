/** One DynamoDB Local (in memory) for the whole integration run, with the tables CDK deploys. */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb';
import { ensureTables } from '#infra/local/tables';
import { freePort } from '../support/free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  await ensureTables(dynamo.client);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
