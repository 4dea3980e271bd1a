/**
 * The configuration integration tests hand the code under test (shared/config/env.ts), instead of
 * setting the environment: this run's DynamoDB Local with the house tables, and certificates
 * signed with a local key, as under npm start (one folder per test file).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { TABLES } from '#shared/store/tables';

let base: Env | undefined;

/** What every integration test file runs with. */
export function integrationEnv(): Env {
  base ??= {
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AWS_REGION: 'local',
    ...Object.fromEntries(Object.values(TABLES).map((table) => [table.envVar, table.name])),
    LOCAL_KEYS_DIR: mkdtempSync(join(tmpdir(), 'gx-keys-')),
    // The project's (vitest.config.ts): request lines would only bury failures here.
    LOG_LEVEL: process.env.LOG_LEVEL,
  };
  return base;
}

/**
 * Makes `integrationEnv()` with `env` over it this test file's configuration. What the code reads
 * on first use (the mailer, the report store) must be given before the first test uses it.
 */
export function useIntegrationConfig(env: Env = {}): void {
  useConfig(loadConfig({ ...integrationEnv(), ...env }));
}
