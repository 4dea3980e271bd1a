import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Four tiers, all run by `npm test`: unit (pure, mocked AWS clients), integration (DynamoDB
 * Local, started once per run), infra (CDK assertions and cdk-nag), e2e (the local system over
 * HTTP, started as `npm start` would).
 */
export default defineConfig({
  test: {
    // Vitest's default leaves one core free, which on two cores runs the files one at a time;
    // integration and e2e files spend much of their time waiting on DynamoDB Local and the local
    // server in other processes, so a second file in flight keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          // Request lines are covered by unit tests; here they would only bury failures.
          env: { LOG_LEVEL: 'WARN' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
