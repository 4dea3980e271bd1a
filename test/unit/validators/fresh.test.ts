/** The compiled validators on disk are what `npm run validators` makes of today's zod schemas. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPILED_DIR, compiledModules } from '#infra/validators/generate';

describe('compiled validators on disk', () => {
  it('match the schemas (run `npm run validators` after changing one)', async () => {
    const modules = await compiledModules();
    expect([...modules.keys()]).toContain(`${COMPILED_DIR}/routes/sessions.ts`);
    for (const [file, text] of modules) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });
});
