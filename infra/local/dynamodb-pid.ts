/**
 * Which DynamoDB Local serves a data folder: its process id, kept in DATA_DIR while it runs. A
 * start killed outright (SIGKILL, a crash, the machine's out-of-memory killer) cannot stop the
 * Java it started, which keeps the port and the database file; the next start on the same folder
 * stops that one first. Fault tests read the file to kill DynamoDB Local itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PID_FILE = 'dynamodb-local.pid';
/** What the command line of the DynamoDB Local that infra/local/dynamodb.ts starts contains. */
const LAUNCHER = 'DynamoDbLocalOnHost';

export const dynamoDbPidFile = (dataDir: string) => join(dataDir, PID_FILE);

export function recordDynamoDbPid(dataDir: string, pid: number): void {
  writeFileSync(dynamoDbPidFile(dataDir), String(pid));
}

export function forgetDynamoDbPid(dataDir: string): void {
  rmSync(dynamoDbPidFile(dataDir), { force: true });
}

/** The pid the file names, if any. */
export function recordedDynamoDbPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(dynamoDbPidFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The process's command line, or undefined when there is no such process. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // No /proc (macOS): ask ps.
    const result = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 && result.stdout.trim() ? result.stdout : undefined;
  }
}

/**
 * True when `pid` is a DynamoDB Local serving `dbPath`: a recycled pid (another program since) or
 * another folder's DynamoDB Local is never ours to stop.
 */
export function isDynamoDbLocalOf(pid: number, dbPath: string): boolean {
  const line = commandLine(pid);
  return line?.includes(LAUNCHER) === true && line.includes(dbPath);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until `pid` is gone; false when it is still there after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Stops the DynamoDB Local a killed start left running on `dbPath` (call it once the data folder
 * is locked: no live start owns it then). Returns its pid, or undefined when there was none.
 */
export async function stopOrphanedDynamoDbLocal(
  dataDir: string,
  dbPath: string,
): Promise<number | undefined> {
  const pid = recordedDynamoDbPid(dataDir);
  if (pid === undefined) return undefined;
  forgetDynamoDbPid(dataDir);
  if (!alive(pid) || !isDynamoDbLocalOf(pid, dbPath)) return undefined;
  // Its owner is gone and nothing can ask it to finish anything: stopped as a crash would.
  process.kill(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 10_000))) {
    throw new Error(`DynamoDB Local (process ${pid}) left by an earlier start did not stop.`);
  }
  return pid;
}
