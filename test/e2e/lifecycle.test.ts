/**
 * How the local system starts, stops and refuses to start: no orphan Java after SIGTERM, data
 * kept under DATA_DIR across restarts, and one clear sentence for each thing a user must fix.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portIsFree } from '#infra/local/preflight';
import { ApiClient } from '../support/api-client';
import { freePort } from '../support/free-port';
import { spawnLocalSystem, startLocalSystem } from '../support/local-system';

async function expectRefusal(options: Parameters<typeof spawnLocalSystem>[0], pattern: RegExp) {
  const { exited, output } = spawnLocalSystem(options);
  const code = await exited;
  expect(code).not.toBe(0);
  expect(output()).toMatch(pattern);
  // One sentence, not a stack trace.
  expect(output()).not.toMatch(/\n\s+at /);
}

describe('the local system', () => {
  it('keeps its data under DATA_DIR across a restart and leaves nothing running after SIGTERM', async () => {
    const first = await startLocalSystem();
    const minted = await new ApiClient(first.baseUrl).post('/local/tokens', {
      sub: 'admin-1',
      role: 'admin',
    });
    const token: string = minted.body.token;
    const created = await new ApiClient(first.baseUrl, token).post('/organizations', {
      name: '来宾市人社局',
      kind: 'department',
      city: '来宾',
    });
    expect(created.status).toBe(201);

    expect(await first.stop()).toBe(0);
    expect(await portIsFree(first.dynamoPort, '0.0.0.0')).toBe(true);
    expect(await portIsFree(first.port, '127.0.0.1')).toBe(true);
    expect(existsSync(join(first.dataDir, '.lock'))).toBe(false);

    const second = await startLocalSystem({ dataDir: first.dataDir });
    try {
      // The local key is kept too: a token from before the restart still signs in.
      const read = await new ApiClient(second.baseUrl, token).get(`/organizations/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.name).toBe('来宾市人社局');
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on a port already taken, naming the variable to change', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expectRefusal(
        { port, dynamoPort: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'gx-port-')) },
        /Port \d+ is already in use.*PORT=/,
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses a DATA_DIR that another instance holds', async () => {
    const running = await startLocalSystem();
    try {
      await expectRefusal(
        { port: await freePort(), dynamoPort: await freePort(), dataDir: running.dataDir },
        /data folder .* is in use by another instance.*DATA_DIR=/,
      );
    } finally {
      await running.stop();
    }
  });

  it('says to install Java when there is none on the PATH', async () => {
    // A PATH with node alone: the system finds no java.
    const bin = mkdtempSync(join(tmpdir(), 'gx-nojava-'));
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    await expectRefusal(
      {
        port: await freePort(),
        dynamoPort: await freePort(),
        dataDir: mkdtempSync(join(tmpdir(), 'gx-nojava-data-')),
        env: { PATH: bin },
      },
      /Java was not found on the PATH: install Java 17/,
    );
    expect(dirname(process.execPath)).not.toBe(bin);
  });
});

describe('npm run job', () => {
  it('runs a job once with its own DynamoDB Local when no system is running, and stops it after', async () => {
    const { spawnSync } = await import('node:child_process');
    const dynamoPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'gx-job-alone-'));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'infra/local/run-job.ts', 'reminders', '--now', '2026-12-09T09:00:00+08:00'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DYNAMODB_PORT: String(dynamoPort),
          LOG_LEVEL: 'WARN',
        },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf('{')))).toMatchObject({
      job: 'reminders',
      result: { today: '2026-12-09', enqueued: 0 },
    });
    expect(await portIsFree(dynamoPort, '0.0.0.0')).toBe(true);
    expect(existsSync(join(dataDir, '.lock'))).toBe(false);
  });

  it('names the jobs there are when asked for one that does not exist', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/run-job.ts', 'no-such-job'], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'gx-job-')) },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/There is no job "no-such-job"\. Usage: npm run job -- <name>/);
  });
});
