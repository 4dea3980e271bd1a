/** Environment the store modules read: table names (read per call) and a region for SDK clients. */
import { vi } from 'vitest';

export const TEST_TABLES = { plans: 'plans-unit', idempotency: 'idempotency-unit' } as const;

export function stubTableEnv(): void {
  vi.stubEnv('TABLE_PLANS', TEST_TABLES.plans);
  vi.stubEnv('TABLE_IDEMPOTENCY', TEST_TABLES.idempotency);
  vi.stubEnv('AWS_REGION', 'ap-east-1');
  vi.stubEnv('DYNAMODB_ENDPOINT', '');
}
