import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkJava,
  checkPortFree,
  lockDataDir,
  MIN_JAVA,
  portIsFree,
  StartupError,
} from '#infra/local/preflight';
import { makeTempDir } from '../helpers/temp-dir';
import { thrown } from '../helpers/thrown';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir('preflight');
});
afterEach(() => {
  vi.unstubAllEnvs();
  dir.remove();
});

describe('portIsFree', () => {
  const listen = () =>
    new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen({ port: 0, host: '127.0.0.1' }, () => resolve(server));
    });
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

  it('is false for a port in use and true once it is closed', async () => {
    const server = await listen();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(port).toBeGreaterThan(0);
    expect(await portIsFree(port, '127.0.0.1')).toBe(false);
    await expect(checkPortFree(port, '127.0.0.1', 'PORT')).rejects.toThrow(
      new RegExp(`Port ${port} is already in use.*PORT=<port>`),
    );
    await close(server);
    expect(await portIsFree(port, '127.0.0.1')).toBe(true);
    await expect(checkPortFree(port, '127.0.0.1', 'PORT')).resolves.toBeUndefined();
  });
});

describe('lockDataDir', () => {
  let sleeper: ChildProcess | undefined;
  afterEach(() => {
    sleeper?.kill();
    sleeper = undefined;
  });

  it('writes its pid to .lock, and the release removes it (twice is harmless)', () => {
    const dataDir = join(dir.path, 'data');
    const release = lockDataDir(dataDir);
    const lockFile = join(dataDir, '.lock');
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile)).toBe(false);
    expect(() => release()).not.toThrow();
  });

  it('refuses a folder locked by another live process, naming DATA_DIR', () => {
    sleeper = spawn('sleep', ['5'], { stdio: 'ignore' });
    const pid = sleeper.pid as number;
    writeFileSync(join(dir.path, '.lock'), String(pid));
    const error = thrown(() => lockDataDir(dir.path));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain('DATA_DIR');
    expect(error.message).toContain(String(pid));
    expect(error.message).toContain(dir.path);
    expect(readFileSync(join(dir.path, '.lock'), 'utf8')).toBe(String(pid));
  });

  it('takes over a lock left by a process that is gone', () => {
    const finished = spawnSync('true');
    expect(finished.pid).toBeGreaterThan(0);
    writeFileSync(join(dir.path, '.lock'), String(finished.pid));
    const release = lockDataDir(dir.path);
    expect(readFileSync(join(dir.path, '.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it.each([
    ['its own pid (left by an earlier run that had the same pid)', String(process.pid)],
    ['garbage', 'not a pid'],
    ['an empty file', ''],
  ])('takes over a lock file holding %s', (_, content) => {
    writeFileSync(join(dir.path, '.lock'), content);
    const release = lockDataDir(dir.path);
    expect(readFileSync(join(dir.path, '.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});

describe('checkJava', () => {
  /** A folder holding only a fake `java` that prints `version` as `java -version` does. */
  function fakeJava(version: string): string {
    const bin = join(dir.path, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'java'), `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-16' >&2\n`);
    chmodSync(join(bin, 'java'), 0o755);
    return bin;
  }

  it('says to install Java 17 when there is no java on the PATH', () => {
    const empty = join(dir.path, 'empty');
    mkdirSync(empty);
    vi.stubEnv('PATH', empty);
    const error = thrown(() => checkJava());
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain(`Java ${MIN_JAVA}`);
    expect(error.message).toMatch(/not found on the PATH/);
  });

  it.each([
    ['11.0.22', 11],
    ['1.8.0_402', 8],
  ])('refuses Java %s as too old', (version, major) => {
    vi.stubEnv('PATH', fakeJava(version));
    const error = thrown(() => checkJava());
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain(`Java ${major} is too old`);
  });

  it.each(['17.0.10', '21.0.2', '25'])('accepts Java %s', (version) => {
    vi.stubEnv('PATH', fakeJava(version));
    expect(() => checkJava()).not.toThrow();
  });
});
