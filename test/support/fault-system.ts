/**
 * The local system under faults, for e2e tests and benchmarks: `npm start`'s system on fixed ports
 * and one persistent DATA_DIR, so it can be killed and started again on the same data while its
 * clients keep the same address. Kills are SIGKILLs (nothing is flushed, nothing finishes);
 * restarts are ordinary starts, which is all a crashed machine gets.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDynamoDbLocalOf, recordedDynamoDbPid, waitForExit } from '#infra/local/dynamodb-pid';
import { freePort } from './free-port';
import { type LocalSystem, startLocalSystem } from './local-system';

export interface FaultSystemOptions {
  /** Environment of every start (a start's own `env` is laid over it). */
  env?: Record<string, string>;
}

export class FaultSystem {
  private system: LocalSystem | undefined;
  /** What every earlier start printed, for failure messages. */
  private earlierOutput = '';

  private constructor(
    readonly port: number,
    readonly dynamoPort: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** A first start on free ports and a fresh data folder. */
  static async start(options: FaultSystemOptions = {}): Promise<FaultSystem> {
    const faults = new FaultSystem(
      await freePort(),
      await freePort(),
      mkdtempSync(join(tmpdir(), 'gx-faults-')),
      options.env ?? {},
    );
    await faults.startAgain();
    return faults;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where the data folder's DynamoDB Local keeps its tables. */
  get dynamoDir(): string {
    return join(this.dataDir, 'dynamodb');
  }

  get running(): LocalSystem {
    if (!this.system) throw new Error('The local system is not running');
    return this.system;
  }

  /** Everything the system printed, over every start. */
  output(): string {
    return this.earlierOutput + (this.system?.output() ?? '');
  }

  /** Starts the system on the same ports and data (`env` over the first start's), once stopped or killed. */
  async startAgain(env: Record<string, string> = {}): Promise<void> {
    if (this.system) throw new Error('The local system is still running: stop or kill it first');
    this.system = await startLocalSystem({
      port: this.port,
      dynamoPort: this.dynamoPort,
      dataDir: this.dataDir,
      env: { ...this.env, ...env },
      // Java's start on a busy two-core machine, with the data of the earlier starts to open.
      startTimeoutMs: 180_000,
    });
  }

  /** Stops the system as Ctrl-C would (what it had in hand is let go, nothing more). */
  async stop(): Promise<void> {
    const system = this.system;
    if (!system) return;
    await system.stop();
    this.forget(system);
  }

  /** Restarts on the same data: an ordinary stop, then a start with `env`. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.stop();
    await this.startAgain(env);
  }

  /**
   * SIGKILLs the DynamoDB Local serving the data folder (its pid as the system recorded it) and
   * waits until it is gone. The API process lives on, its DynamoDB calls failing.
   */
  async killDynamoDb(): Promise<number> {
    const pid = recordedDynamoDbPid(this.dataDir);
    if (pid === undefined) throw new Error(`No DynamoDB Local pid recorded in ${this.dataDir}`);
    if (!isDynamoDbLocalOf(pid, this.dynamoDir)) {
      throw new Error(`Process ${pid} is not the DynamoDB Local of ${this.dynamoDir}`);
    }
    process.kill(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 10_000))) throw new Error(`DynamoDB Local (${pid}) survived SIGKILL`);
    return pid;
  }

  /**
   * SIGKILLs the API process (what `npm start` runs: server, stream readers, scheduler) mid-work.
   * Its DynamoDB Local is left running, as after a real crash; the next start stops it.
   */
  async killSystem(): Promise<void> {
    const system = this.running;
    const exited = new Promise<void>((resolve) => {
      if (system.process.exitCode !== null || system.process.signalCode !== null) resolve();
      else system.process.once('exit', () => resolve());
    });
    system.process.kill('SIGKILL');
    await exited;
    this.forget(system);
  }

  /** Stops everything, DynamoDB Local too when a kill left it running. */
  async close(): Promise<void> {
    await this.stop();
    const pid = recordedDynamoDbPid(this.dataDir);
    if (pid !== undefined && isDynamoDbLocalOf(pid, this.dynamoDir)) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 10_000);
    }
  }

  /**
   * Waits until the running system has printed `text` `times` times in all (its stderr and stdout),
   * e.g. a held request's announcement; fails after `timeoutMs`.
   */
  async waitForOutput(text: string, times = 1, timeoutMs = 60_000): Promise<void> {
    await until(
      () => occurrences(this.running.output(), text) >= times,
      timeoutMs,
      () => `"${text}" printed ${times} time(s)`,
    );
  }

  private forget(system: LocalSystem): void {
    this.earlierOutput += system.output();
    if (this.system === system) this.system = undefined;
  }
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Polls `condition` until it holds; fails after `timeoutMs`, saying what was awaited. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
  pollMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
