/**
 * `npm start`: the whole system on one machine. DynamoDB Local with the tables CDK deploys, the
 * HTTP API on PORT, the scheduled jobs, a local mail outbox and local keys, all under DATA_DIR
 * (owner-only: folders 0700, files 0600). DynamoDB Local listens on 127.0.0.1 only, as the API
 * does unless HOST says otherwise.
 * Ctrl-C stops everything it started, Java included.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { config as handlerConfig, type OidcProvider } from '#shared/config/env';
import { FUNCTIONS } from '#shared/functions';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';
import { type CloudRulesSettings, installCloudRules } from './cloud-rules-env';
import { configureHandlers, type LocalConfig, readLocalConfig } from './config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb';
import { delayDynamoDbRequests, parseDynamoDbDelay } from './dynamodb-delay';
import { forgetDynamoDbPid, recordDynamoDbPid, stopOrphanedDynamoDbLocal } from './dynamodb-pid';
import { type BearerVerifier, discoverOidcVerifier } from './oidc';
import { createOwnerOnlyFromNowOn, restrictToOwner } from './owner-only';
import { checkJava, checkPortFree, lockDataDir, StartupError } from './preflight';
import { startScheduler } from './scheduler';
import { createLocalServer } from './server';
import { startStreamTriggers } from './stream-triggers';
import type { TableStream } from './table-stream';
import { ensureTables } from './tables';
import { loadOrCreateSigner, verifyBearer } from './tokens';

function listen(server: Server, config: LocalConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
}

/**
 * What stands where the cloud's JWT authorizer stands: the configured OpenID Connect provider's
 * check (OIDC_ISSUER), else the local signer's.
 */
async function bearerVerifier(config: LocalConfig, oidc: OidcProvider | undefined): Promise<BearerVerifier> {
  if (oidc) return discoverOidcVerifier(oidc);
  const signer = await loadOrCreateSigner(config.keysDir);
  return (authorization) => verifyBearer(signer, authorization);
}

function signInLine(api: string, oidc: OidcProvider | undefined): string {
  return oidc
    ? `  Sign-in:       tokens of ${oidc.issuer} for ${oidc.audiences.join(', ')} (OIDC_ISSUER); local tokens are refused`
    : `  Sign-in token: curl -s -X POST ${api}/local/tokens -H 'content-type: application/json' -d '{"sub":"admin-1","role":"admin","orgId":"gx-hrss"}'`;
}

function banner(config: LocalConfig, rules: CloudRulesSettings | undefined): string {
  const api = `http://${config.host}:${config.port}`;
  const jobs = JOBS.length
    ? JOBS.map((job) => `${job.name} (${job.cron}, ${JOB_TIME_ZONE})`).join('; ')
    : 'none in shared/jobs.ts yet';
  return [
    `Knowledge Renewal Program API listening on ${api}   (OpenAPI: ${api}/openapi.json)`,
    signInLine(api, handlerConfig().oidc),
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

/** A setting read from the environment; malformed, it stops the start with its one sentence. */
function startupSetting<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const config = readLocalConfig();
  configureHandlers(config);
  const delay = startupSetting(() => parseDynamoDbDelay(process.env.DYNAMODB_DELAY));
  // Tests and benchmarks only: the handlers' client meets DynamoDB's conflicts, not DynamoDB Local's queue.
  const rules = await installCloudRules();
  checkJava();
  await checkPortFree(config.port, config.host, 'PORT');
  // DATA_DIR (tables, keys, mail, reports) is the owner's alone, what was there before included.
  createOwnerOnlyFromNowOn();
  const releaseLock = lockDataDir(config.dataDir);
  restrictToOwner(config.dataDir);
  try {
    // A start killed outright left its DynamoDB Local running, on the port and the data.
    await stopOrphanedDynamoDbLocal(config.dataDir, config.dynamoDir);
    await checkPortFree(config.dynamoPort, '0.0.0.0', 'DYNAMODB_PORT');
  } catch (error) {
    releaseLock();
    throw error;
  }

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
    forgetDynamoDbPid(config.dataDir);
    releaseLock();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGHUP', () => void shutdown(0));

  try {
    dynamo = await startDynamoDbLocal({ port: config.dynamoPort, dbPath: config.dynamoDir });
    if (dynamo.pid !== undefined) recordDynamoDbPid(config.dataDir, dynamo.pid);
    await ensureTables(dynamo.client);
    // On the client the handlers share, loaded only now that their configuration is set.
    if (delay) delayDynamoDbRequests((await import('#shared/store/client')).dynamo, delay);
    // Before the server takes requests: a notice written by the first request is told.
    mkdirSync(config.streamsDir, { recursive: true });
    streams = await startStreamTriggers(dynamo.endpoint, FUNCTIONS, config.streamsDir);
    server = createLocalServer(await bearerVerifier(config, handlerConfig().oidc), {
      apiTimeoutSeconds: config.apiTimeoutSeconds,
      concurrency: config.concurrency,
    });
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
