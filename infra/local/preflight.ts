/**
 * Checks before the local runtime starts anything, each failing with one sentence that says what
 * to do: Java present, ports free, the data folder not used by another instance.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A startup problem the user can fix; its message is the one sentence printed before exiting. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export const MIN_JAVA = 17;

export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new StartupError(
      `Java was not found on the PATH: install Java ${MIN_JAVA} or newer (for example \`apt-get install openjdk-17-jre-headless\`), then run the command again.`,
    );
  }
  const version = `${result.stderr}${result.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : Number.NaN;
  if (Number.isFinite(major) && major < MIN_JAVA) {
    throw new StartupError(
      `Java ${major} is too old for DynamoDB Local: install Java ${MIN_JAVA} or newer and put it first on the PATH.`,
    );
  }
}

export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function checkPortFree(port: number, host: string, variable: string): Promise<void> {
  if (!(await portIsFree(port, host))) {
    throw new StartupError(
      `Port ${port} is already in use: stop the program that uses it, or choose another port with ${variable}=<port>.`,
    );
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process (a lock file holding its pid). A lock left by a process
 * that is gone is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new StartupError(
          `The data folder ${dataDir} is in use by another instance (process ${owner}): stop that one, or start this one with DATA_DIR=<another folder>.`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new StartupError(`Could not lock the data folder ${dataDir}: remove ${lockFile} and try again.`);
}
