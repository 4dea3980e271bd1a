/**
 * The typed client as an app outside this repository type-checks it: a fresh project
 * (test/fixtures/client-nodenext/) that reaches `@gx-knowledge-renewal/client` through its own
 * node_modules, checked by the repo's tsc under `"moduleResolution": "NodeNext"` and under
 * `"bundler"`. The client ships TypeScript sources, so the app's compiler reads them with the app's
 * settings: an extensionless relative import in them fails under NodeNext and leaves every type of
 * the client `any`. The fixture's `@ts-expect-error` lines go unused, and fail, if that happens.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = join(REPO, 'test', 'fixtures', 'client-nodenext');
const TSC = join(REPO, 'node_modules', '.bin', 'tsc');
/** Where the npm workspace links the package, as an app of the monorepo would find it. */
const WORKSPACE_LINK = join(REPO, 'node_modules', '@gx-knowledge-renewal', 'client');
const run = promisify(execFile);

let app: ReturnType<typeof makeTempDir>;

/** tsc's exit code and everything it printed, so a failure shows the diagnostics. */
async function typeCheck(tsconfig: string): Promise<{ exitCode: number; output: string }> {
  try {
    const { stdout, stderr } = await run(TSC, ['-p', tsconfig, '--pretty', 'false'], { cwd: app.path });
    return { exitCode: 0, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() };
  }
}

beforeAll(() => {
  let linked: string;
  try {
    linked = realpathSync(WORKSPACE_LINK);
  } catch {
    throw new Error(`${WORKSPACE_LINK} is missing: run \`npm install\` so the workspace links client/`);
  }
  expect(linked).toBe(realpathSync(join(REPO, 'client')));

  // A copy outside the repository, so nothing of it (node_modules/@types, tsconfig) leaks in.
  app = makeTempDir('client-nodenext');
  cpSync(FIXTURE, app.path, { recursive: true });
  mkdirSync(join(app.path, 'node_modules', '@gx-knowledge-renewal'), { recursive: true });
  symlinkSync(WORKSPACE_LINK, join(app.path, 'node_modules', '@gx-knowledge-renewal', 'client'), 'dir');
});

afterAll(() => {
  app?.remove();
});

describe('@gx-knowledge-renewal/client in a fresh app', () => {
  for (const [resolution, tsconfig] of [
    ['NodeNext', 'tsconfig.json'],
    ['bundler', 'tsconfig.bundler.json'],
  ] as const) {
    it(`type-checks with real types under ${resolution} resolution`, { timeout: 60_000 }, async () => {
      expect(await typeCheck(tsconfig)).toEqual({ exitCode: 0, output: '' });
    });
  }
});
