/**
 * The DynamoDB Local of a benchmark child: started on a free port, the environment pointed at it
 * (before the store modules load), and one set of the house tables per name given, side by side.
 * `use` hands the handlers a configuration (shared/config/env.ts) of the environment as it is then,
 * with one set's table names: set other variables before calling it.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '#infra/local/dynamodb';
import { createTableInput } from '#infra/local/tables';
import { loadConfig, useConfig } from '#shared/config/env';
import { TABLES } from '#shared/store/tables';
import { freePort } from '../test/support/free-port';

export interface ChildTables<Set extends string> {
  dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  /** Points the store modules (which look table names up on each call) at one set of tables. */
  use(set: Set): void;
}

export async function startChildTables<Set extends string>(sets: readonly Set[]): Promise<ChildTables<Set>> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.AWS_REGION = 'local';
    const names = new Map<Set, Record<string, string>>();
    for (const set of sets) {
      const tableNames: Record<string, string> = {};
      for (const def of Object.values(TABLES)) {
        tableNames[def.envVar] = `${def.name}-${set}`;
        await dynamo.client.send(new CreateTableCommand(createTableInput(def, `${def.name}-${set}`)));
      }
      names.set(set, tableNames);
    }
    const use = (set: Set) => useConfig(loadConfig({ ...process.env, ...names.get(set) }));
    if (sets[0] !== undefined) use(sets[0]);
    return { dynamo, use };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
