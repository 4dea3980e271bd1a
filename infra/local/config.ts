/**
 * Configuration of the local runtime, read once from the environment: where it listens and where
 * it keeps its data. Everything lives under DATA_DIR so two instances with two folders never mix.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, useConfig } from '#shared/config/env';
import { TABLES } from '#shared/store/tables';
import { StartupError } from './preflight';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface LocalConfig {
  host: string;
  port: number;
  dynamoPort: number;
  dataDir: string;
  dynamoDir: string;
  keysDir: string;
  outboxDir: string;
  reportsDir: string;
  /** Where stream pollers keep their positions between runs. */
  streamsDir: string;
  /**
   * How long a request's invocation may run (`API_TIMEOUT_SECONDS`): the HTTP API's limit unless
   * set, e.g. to the cloud functions' own timeout to see what a request that long meets there.
   */
  apiTimeoutSeconds: number;
  /**
   * How many requests run at once (`LOCAL_CONCURRENCY`); later ones queue. What Lambda's
   * concurrency is in the cloud, on a machine of a few cores.
   */
  concurrency: number;
}

export const DEFAULT_LOCAL_CONCURRENCY = 16;

/** The HTTP API's own limit on an answer: what a local request gets unless told otherwise. */
export const DEFAULT_LOCAL_API_TIMEOUT_SECONDS = 29;

function secondsFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`${name}=${raw} is not a number of seconds: use a whole number from 1.`);
  }
  return seconds;
}

function countFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`${name}=${raw} is not a count: use a whole number from 1.`);
  }
  return count;
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port number: use an integer from 1 to 65535.`);
  }
  return port;
}

export function readLocalConfig(env = process.env): LocalConfig {
  const dataDir = resolve(env.DATA_DIR || join(REPO_ROOT, '.data'));
  return {
    host: env.HOST || '127.0.0.1',
    port: portFrom('PORT', 3000),
    dynamoPort: portFrom('DYNAMODB_PORT', 8000),
    dataDir,
    dynamoDir: join(dataDir, 'dynamodb'),
    keysDir: join(dataDir, 'keys'),
    outboxDir: join(dataDir, 'outbox'),
    reportsDir: join(dataDir, 'reports'),
    streamsDir: join(dataDir, 'streams'),
    apiTimeoutSeconds: secondsFrom(env, 'API_TIMEOUT_SECONDS', DEFAULT_LOCAL_API_TIMEOUT_SECONDS),
    concurrency: countFrom(env, 'LOCAL_CONCURRENCY', DEFAULT_LOCAL_CONCURRENCY),
  };
}

export const dynamoEndpoint = (port: number) => `http://127.0.0.1:${port}`;

/**
 * The environment the handlers read, set before any handler module loads: the same variables
 * CDK sets in the cloud, pointed at the local adapters.
 */
export function applyHandlerEnvironment(config: LocalConfig, env = process.env): void {
  env.DYNAMODB_ENDPOINT = dynamoEndpoint(config.dynamoPort);
  env.AWS_REGION ??= 'local';
  env.MAIL_OUTBOX_DIR = config.outboxDir;
  env.REPORTS_DIR = config.reportsDir;
  env.LOCAL_KEYS_DIR = config.keysDir;
  // No dead-letter queues on one machine: failed local mail and jobs are logged where they fail,
  // so the dead-letters job finds nothing to report.
  env.DEAD_LETTER_QUEUES = '{}';
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  for (const table of Object.values(TABLES)) env[table.envVar] = table.name;
}

/**
 * Sets the handlers' environment and hands the configuration it makes to them (shared/config/env.ts),
 * so a malformed variable stops the start with its one sentence, before anything runs.
 */
export function configureHandlers(config: LocalConfig): void {
  applyHandlerEnvironment(config);
  try {
    useConfig(loadConfig(process.env));
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}
