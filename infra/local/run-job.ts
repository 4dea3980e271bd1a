/**
 * `npm run job -- <name> [--now <ISO instant>] [--<field> <value> ...]`: runs one job of
 * `shared/jobs.ts` once, as if it were `now`. Uses the DynamoDB Local of a running `npm start`
 * on DYNAMODB_PORT when there is one, and starts one on DATA_DIR for itself when there is none.
 */
import { JOBS } from '#shared/jobs';
import { configureHandlers, dynamoEndpoint, readLocalConfig } from './config';
import { type DynamoDbLocal, dynamoAnswers, localDynamoClient, startDynamoDbLocal } from './dynamodb';
import { jobUsage, parseJobArguments } from './job-arguments';
import { createOwnerOnlyFromNowOn, restrictToOwner } from './owner-only';
import { checkJava, checkPortFree, lockDataDir, StartupError } from './preflight';
import { runJob } from './scheduler';
import { ensureTables } from './tables';

async function main(): Promise<void> {
  const { name, now, fields } = parseJobArguments(process.argv.slice(2));
  const job = JOBS.find((candidate) => candidate.name === name);
  if (!job) throw new StartupError(`There is no job "${name}". ${jobUsage()}`);

  const config = readLocalConfig();
  configureHandlers(config);
  // The mail and report files a job writes are owner-only, as under npm start.
  createOwnerOnlyFromNowOn();
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
      restrictToOwner(config.dataDir);
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
