/**
 * The client's committed types must be what the current route table and zod schemas generate:
 * a changed schema without `npm run client:generate` would ship apps types the API no longer keeps.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateSchemaSource, REGENERATE_COMMAND, SCHEMA_FILE } from '../../../client/scripts/schema-source';

/** The first line where the two texts part, to point at the change. */
function firstDifference(committed: string, generated: string): string {
  const committedLines = committed.split('\n');
  const generatedLines = generated.split('\n');
  for (let line = 0; line < Math.max(committedLines.length, generatedLines.length); line++) {
    if (committedLines[line] !== generatedLines[line]) {
      return `line ${line + 1}: committed ${JSON.stringify(committedLines[line] ?? '<end of file>')}, generated ${JSON.stringify(generatedLines[line] ?? '<end of file>')}`;
    }
  }
  return 'none';
}

describe('client/src/schema.d.ts', () => {
  it('is what the current schemas generate', { timeout: 60_000 }, async () => {
    const committed = (await readFile(SCHEMA_FILE, 'utf8').catch(() => '')).replaceAll('\r\n', '\n');
    const generated = await generateSchemaSource();
    if (committed !== generated) {
      expect.fail(
        `client/src/schema.d.ts is out of date with the API's schemas: run \`${REGENERATE_COMMAND}\` and commit the result (first difference at ${firstDifference(committed, generated)})`,
      );
    }
  });
});
