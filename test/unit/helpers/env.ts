/**
 * The configuration unit tests hand the code under test (shared/config/env.ts), instead of
 * touching the environment: table names (looked up on each call) and whatever a test adds.
 */
import { type Env, loadConfig, useConfig } from '#shared/config/env';

export const TEST_TABLES = { plans: 'plans-unit', idempotency: 'idempotency-unit' } as const;

export const TEST_ENV: Env = {
  TABLE_PLANS: TEST_TABLES.plans,
  TABLE_IDEMPOTENCY: TEST_TABLES.idempotency,
  AWS_REGION: 'ap-east-1',
};

/** Makes `TEST_ENV` with `env` over it this test file's configuration. */
export function useTestConfig(env: Env = {}): void {
  useConfig(loadConfig({ ...TEST_ENV, ...env }));
}
