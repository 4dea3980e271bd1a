/** Points the store modules at the run's DynamoDB Local before any test file imports them. */
import { inject } from 'vitest';
import { TABLES } from '#shared/store/tables';

process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.AWS_REGION = 'local';
for (const table of Object.values(TABLES)) process.env[table.envVar] = table.name;
