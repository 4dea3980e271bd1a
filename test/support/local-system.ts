/**
 * Starts the local system the way `npm start` does (same entry point, same environment
 * variables) on free ports and a fresh DATA_DIR, and stops it as Ctrl-C would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface LocalSystem {
  baseUrl: string;
  port: number;
  dynamoPort: number;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

export interface StartOptions {
  port?: number;
  dynamoPort?: number;
  dataDir?: string;
  env?: Record<string, string>;
  /** How long the start may take to answer /health. @default 60 s */
  startTimeoutMs?: number;
}

export function spawnLocalSystem(
  options: StartOptions & { port: number; dynamoPort: number; dataDir: string },
) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(options.port),
      DYNAMODB_PORT: String(options.dynamoPort),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'WARN',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function startLocalSystem(options: StartOptions = {}): Promise<LocalSystem> {
  const port = options.port ?? (await freePort());
  const dynamoPort = options.dynamoPort ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gx-e2e-'));
  const { child, output, exited } = spawnLocalSystem({ ...options, port, dynamoPort, dataDir });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };

  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The local system exited early:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return { baseUrl, port, dynamoPort, dataDir, process: child, output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`The local system did not answer /health within ${startTimeoutMs} ms:\n${output()}`);
}
