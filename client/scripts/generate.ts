/** `npm run client:generate`: rewrites client/src/schema.d.ts from the current route table and schemas. */
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaSource, SCHEMA_FILE } from './schema-source';

await writeFile(SCHEMA_FILE, await generateSchemaSource());
console.log(`Wrote ${relative(process.cwd(), fileURLToPath(SCHEMA_FILE))}`);
