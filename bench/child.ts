/**
 * Benchmarks that need a fresh module graph (the store modules read their environment when they
 * load) run their measurement in a child process: this starts it, streams its output, and reads
 * back the figures it wrote to a result file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChildRun {
  /** The benchmark module's own file, run again as the child. */
  script: string;
  /** The flag that tells the module it is the child. */
  flag: string;
  /** What the benchmark is called, in errors and temp folder names. */
  name: string;
  nodeOptions?: string[];
  /** More environment for the child (its arguments, say). */
  env?: Record<string, string>;
}

export async function runInChild<T>(run: ChildRun): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), `gx-bench-${run.name}-`));
  const resultFile = join(work, 'result.json');
  try {
    const child = spawn(
      process.execPath,
      [...(run.nodeOptions ?? []), '--import', 'tsx', run.script, run.flag, resultFile],
      {
        cwd: process.cwd(),
        env: { ...process.env, LOG_LEVEL: 'WARN', BENCH_WORK_DIR: work, ...run.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`Benchmark ${run.name} failed (exit ${code}):\n${output.slice(-3000)}`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as T;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inPool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}
