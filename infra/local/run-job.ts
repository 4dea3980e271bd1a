/**
 * `npm run job -- <name> [--now <ISO instant>] [--<field> <value> ...]`: runs one job of
 * `shared/jobs.ts` once, as if it were `now`. Uses the DynamoDB Local of a running `npm start`
 * on DYNAMODB_PORT when there is one, and starts one on DATA_DIR for itself when there is none.
 */
import { JOBS } from '#shared/jobs';
import { applyHandlerEnvironment, dynamoEndpoint, readLocalConfig } from './config';
import { type DynamoDbLocal, dynamoAnswers, localDynamoClient, startDynamoDbLocal } from './dynamodb';
import { checkJava, checkPortFree, lockDataDir, StartupError } from './preflight';
import { runJob } from './scheduler';
import { ensureTables } from './tables';

export function parseJobArguments(argv: readonly string[]) {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('--')) throw new StartupError(usage());
  const extra: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new StartupError(usage());
    extra[flag.slice(2)] = value;
  }
  const { now: nowText, ...fields } = extra;
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (Number.isNaN(now.getTime())) {
    throw new StartupError(`--now ${nowText} is not an ISO instant: use e.g. 2026-12-09T09:00:00+08:00.`);
  }
  return { name, now, fields };
}

function usage(): string {
  const names = JOBS.map((job) => job.name).join(', ') || '(none defined yet)';
  return `Usage: npm run job -- <name> [--now <ISO instant>]; jobs: ${names}.`;
}

async function main(): Promise<void> {
  const { name, now, fields } = parseJobArguments(process.argv.slice(2));
  const job = JOBS.find((candidate) => candidate.name === name);
  if (!job) throw new StartupError(`There is no job "${name}". ${usage()}`);

  const config = readLocalConfig();
  applyHandlerEnvironment(config);
  let own: DynamoDbLocal | undefined;
  let releaseLock: (() => void) | undefined;
  const probe = localDynamoClient(dynamoEndpoint(config.dynamoPort));
  const running = await dynamoAnswers(probe);
  probe.destroy();
  try {
    if (!running) {
      checkJava();
      await checkPortFree(config.dynamoPort, '0.0.0.0', 'DYNAMODB_PORT');
      releaseLock = lockDataDir(config.dataDir);
      own = await startDynamoDbLocal({ port: config.dynamoPort, dbPath: config.dynamoDir });
      await ensureTables(own.client);
    }
    const result = await runJob(job, now, fields);
    console.log(JSON.stringify({ job: name, now: now.toISOString(), result }, null, 2));
  } finally {
    await own?.stop();
    releaseLock?.();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
