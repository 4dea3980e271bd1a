/**
 * `npm start`: the whole system on one machine. DynamoDB Local with the tables CDK deploys, the
 * HTTP API on PORT, the scheduled jobs, a local mail outbox and local keys, all under DATA_DIR
 * (owner-only: folders 0700, files 0600). DynamoDB Local listens on 127.0.0.1 only, as the API
 * does unless HOST says otherwise.
 * Ctrl-C stops everything it started, Java included.
 */
import type { Server } from 'node:http';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';
import { type CloudRulesSettings, installCloudRules } from './cloud-rules-env';
import { configureHandlers, type LocalConfig, readLocalConfig } from './config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb';
import { createOwnerOnlyFromNowOn, restrictToOwner } from './owner-only';
import { checkJava, checkPortFree, lockDataDir, StartupError } from './preflight';
import { startScheduler } from './scheduler';
import { createLocalServer } from './server';
import { startStreamTriggers } from './stream-triggers';
import type { TableStream } from './table-stream';
import { ensureTables } from './tables';
import { loadOrCreateSigner } from './tokens';

function listen(server: Server, config: LocalConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
}

function banner(config: LocalConfig, rules: CloudRulesSettings | undefined): string {
  const api = `http://${config.host}:${config.port}`;
  const jobs = JOBS.length
    ? JOBS.map((job) => `${job.name} (${job.cron}, ${JOB_TIME_ZONE})`).join('; ')
    : 'none in shared/jobs.ts yet';
  return [
    `Knowledge Renewal Program API listening on ${api}   (OpenAPI: ${api}/openapi.json)`,
    `  Sign-in token: curl -s -X POST ${api}/local/tokens -H 'content-type: application/json' -d '{"sub":"admin-1","role":"admin","orgId":"gx-hrss"}'`,
    `  Mail:          ${config.outboxDir}/*.eml, listed at GET ${api}/local/outbox (notices by the notifier, from the registrations stream)`,
    `  Report files:  ${config.reportsDir}`,
    `  Verify page:   ${api}/verify (what a certificate's QR code opens)`,
    `  DynamoDB:      DynamoDB Local on http://127.0.0.1:${config.dynamoPort}, data in ${config.dynamoDir}`,
    `  Jobs:          ${jobs}; run one now with: npm run job -- <name> [--now <ISO instant>]`,
    ...(rules
      ? [
          `  DynamoDB rules: the cloud's (DYNAMODB_RULES=cloud): transaction conflicts, throttling ${rules.throttleRate}` +
            (rules.writeLogFile ? `, writes logged to ${rules.writeLogFile}` : ''),
        ]
      : []),
    '  Stop with Ctrl-C.',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = readLocalConfig();
  configureHandlers(config);
  // Tests and benchmarks only: the handlers' client meets DynamoDB's conflicts, not DynamoDB Local's queue.
  const rules = await installCloudRules();
  checkJava();
  await checkPortFree(config.port, config.host, 'PORT');
  await checkPortFree(config.dynamoPort, '0.0.0.0', 'DYNAMODB_PORT');
  // DATA_DIR (tables, keys, mail, reports) is the owner's alone, what was there before included.
  createOwnerOnlyFromNowOn();
  const releaseLock = lockDataDir(config.dataDir);
  restrictToOwner(config.dataDir);

  let dynamo: DynamoDbLocal | undefined;
  let server: Server | undefined;
  let stopScheduler: (() => void) | undefined;
  let streams: TableStream[] = [];
  let stopping = false;
  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stopScheduler?.();
    await Promise.all(streams.map((stream) => stream.stop()));
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await dynamo?.stop();
    releaseLock();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGHUP', () => void shutdown(0));

  try {
    dynamo = await startDynamoDbLocal({ port: config.dynamoPort, dbPath: config.dynamoDir });
    await ensureTables(dynamo.client);
    // Before the server takes requests: a notice written by the first request is told.
    streams = await startStreamTriggers(dynamo.endpoint);
    server = createLocalServer(await loadOrCreateSigner(config.keysDir));
    await listen(server, config);
    stopScheduler = startScheduler();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
    return;
  }
  console.log(banner(config, rules));
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
