/**
 * The local system's fault tooling: requests held on purpose (DYNAMODB_DELAY), the DynamoDB Local
 * pid kept in DATA_DIR, and the DynamoDB Local a killed start left running, stopped by the next.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLocalConfig } from '#infra/local/config';
import { delayDynamoDbRequests, HELD_MARK, parseDynamoDbDelay } from '#infra/local/dynamodb-delay';
import {
  commandLine,
  isDynamoDbLocalOf,
  recordDynamoDbPid,
  recordedDynamoDbPid,
  stopOrphanedDynamoDbLocal,
  waitForExit,
} from '#infra/local/dynamodb-pid';
import { makeTempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = makeTempDir('dynamodb-faults');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  dir.remove();
});

describe('DYNAMODB_DELAY', () => {
  it('reads <Operation>:<table>:<milliseconds>', () => {
    expect(parseDynamoDbDelay('UpdateItem:idempotency:8000')).toEqual({
      operation: 'UpdateItem',
      table: 'idempotency',
      ms: 8000,
    });
    expect(parseDynamoDbDelay(undefined)).toBeUndefined();
    expect(parseDynamoDbDelay('')).toBeUndefined();
  });

  it.each(['UpdateItem:idempotency', 'UpdateItem:idempotency:0', 'Update Item:x:5', 'UpdateItem:x:-5'])(
    'refuses %s, naming the form',
    (raw) => {
      expect(() => parseDynamoDbDelay(raw)).toThrow('<Operation>:<table>:<milliseconds>');
    },
  );

  /** A client of no server: its requests are answered by `answerAll`, after the delay. */
  const answeringClient = () =>
    new DynamoDBClient({
      region: 'local',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  const answerAll = (client: DynamoDBClient) =>
    client.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), {
      step: 'initialize',
      name: 'answerAll',
    });

  it('holds the matching requests for that long and says so, and only those', async () => {
    vi.useFakeTimers();
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = answeringClient();
    delayDynamoDbRequests(client, { operation: 'UpdateItem', table: 'idempotency', ms: 5000 });
    answerAll(client);

    let held = false;
    const update = client
      .send(new UpdateItemCommand({ TableName: 'idempotency', Key: { pk: { S: 'k' } } }))
      .then(() => {
        held = true;
      });
    await client.send(new GetItemCommand({ TableName: 'idempotency', Key: { pk: { S: 'k' } } }));
    await client.send(new UpdateItemCommand({ TableName: 'plans', Key: { pk: { S: 'k' } } }));
    await vi.advanceTimersByTimeAsync(4900);
    expect(held).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await update;
    expect(held).toBe(true);
    expect(said.mock.calls).toEqual([[`${HELD_MARK} UpdateItem idempotency 5000`]]);
  });
});

describe('the DynamoDB Local of a data folder', () => {
  /** A stand-in process with `args` on its command line, once that can be read. */
  async function lookalike(...args: string[]): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], {
      stdio: 'ignore',
    });
    children.push(child);
    const deadline = Date.now() + 10_000;
    while (!commandLine(child.pid as number)?.includes('setInterval')) {
      if (Date.now() > deadline) throw new Error('The stand-in process did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return child;
  }

  it('is recorded and read back', () => {
    expect(recordedDynamoDbPid(dir.path)).toBeUndefined();
    recordDynamoDbPid(dir.path, 4242);
    expect(recordedDynamoDbPid(dir.path)).toBe(4242);
  });

  it('left running by a killed start is stopped by the next one', async () => {
    const dbPath = join(dir.path, 'dynamodb');
    const orphan = await lookalike('DynamoDbLocalOnHost', '-dbPath', dbPath);
    recordDynamoDbPid(dir.path, orphan.pid as number);
    expect(isDynamoDbLocalOf(orphan.pid as number, dbPath)).toBe(true);

    expect(await stopOrphanedDynamoDbLocal(dir.path, dbPath)).toBe(orphan.pid);
    expect(await waitForExit(orphan.pid as number, 5000)).toBe(true);
    expect(orphan.signalCode ?? 'SIGKILL').toBe('SIGKILL');
    expect(recordedDynamoDbPid(dir.path)).toBeUndefined();
  });

  it.each([
    ['another program that got the pid since', (dbPath: string) => ['something-else', dbPath]],
    ["another folder's DynamoDB Local", () => ['DynamoDbLocalOnHost', '-dbPath', '/elsewhere/dynamodb']],
  ])('is never %s', async (_, args) => {
    const dbPath = join(dir.path, 'dynamodb');
    const other = await lookalike(...args(dbPath));
    recordDynamoDbPid(dir.path, other.pid as number);

    expect(await stopOrphanedDynamoDbLocal(dir.path, dbPath)).toBeUndefined();
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
  });
});

describe('API_TIMEOUT_SECONDS', () => {
  it("is the HTTP API's limit unless set, and a whole number of seconds when set", () => {
    expect(readLocalConfig({ DATA_DIR: dir.path }).apiTimeoutSeconds).toBe(29);
    expect(readLocalConfig({ DATA_DIR: dir.path, API_TIMEOUT_SECONDS: '10' }).apiTimeoutSeconds).toBe(10);
    expect(() => readLocalConfig({ DATA_DIR: dir.path, API_TIMEOUT_SECONDS: '0' })).toThrow(
      'API_TIMEOUT_SECONDS=0 is not a number of seconds',
    );
  });
});
