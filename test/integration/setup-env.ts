/** Points the store modules at the run's DynamoDB Local before any test file imports them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { TABLES } from '#shared/store/tables';

process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.AWS_REGION = 'local';
for (const table of Object.values(TABLES)) process.env[table.envVar] = table.name;
// Certificates are signed with a local key, as under npm start (one folder per test file).
process.env.LOCAL_KEYS_DIR ??= mkdtempSync(join(tmpdir(), 'gx-keys-'));
