/**
 * The OpenAPI document `GET /openapi.json` serves lints clean with Redocly's `recommended` rules and
 * Spectral's `spectral:oas` ruleset. Both run in process through their JS APIs (@redocly/openapi-core
 * is what `redocly lint` runs; only the CLIs send telemetry or look for updates), on the document
 * built from the route table and written to a temporary file, as a client would download it. The
 * document has no external $ref, so neither linter reads anything but that file: no network.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { type RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#shared/http/openapi';

/**
 * The only findings let through, each a warning (of Redocly, Spectral or both) and each for a
 * reason: every other finding, error or warning, fails.
 */
const ACCEPTED: Record<string, string> = {
  'no-server-example.com':
    'the one fixed server is the local one (`npm start`); a deployment has its own URL, printed by the deploy',
  'info-license': 'a private API (package.json: "private": true), published under no licence',
  'info-contact': 'no public contact for the API has been named',
};

interface Finding {
  severity: string;
  rule: string;
  where: string;
  message: string;
}

const listed = (findings: readonly Finding[]) =>
  findings
    .map((finding) => `${finding.severity} ${finding.rule} at ${finding.where}: ${finding.message}`)
    .join('\n');

let directory: string;
let file: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  file = join(directory, 'openapi.json');
  await writeFile(file, JSON.stringify(buildOpenApiDocument(), null, 2));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('the OpenAPI document, linted', () => {
  it("has no finding of Redocly's recommended rules", { timeout: 30_000 }, async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const findings: Finding[] = (await lint({ ref: file, config })).map((problem) => ({
      severity: problem.severity,
      rule: problem.ruleId,
      where: problem.location[0]?.pointer ?? '#',
      message: problem.message,
    }));
    expect(
      listed(findings.filter((finding) => !(finding.severity === 'warn' && finding.rule in ACCEPTED))),
    ).toBe('');
  });

  it("has no finding of Spectral's spectral:oas ruleset", { timeout: 30_000 }, async () => {
    const spectral = new Spectral();
    // spectral:oas, as a ruleset file's `extends: spectral:oas` takes it (its recommended rules).
    // Its declared type misses RulesetDefinition's union by a detail of the rule typings.
    spectral.setRuleset(oas as RulesetDefinition);
    const severities = ['error', 'warn', 'info', 'hint'];
    const findings: Finding[] = (await spectral.run(await readFile(file, 'utf8'))).map((result) => ({
      severity: severities[result.severity] ?? String(result.severity),
      rule: String(result.code),
      where: `#/${result.path.join('/')}`,
      message: result.message,
    }));
    expect(
      listed(findings.filter((finding) => !(finding.severity === 'warn' && finding.rule in ACCEPTED))),
    ).toBe('');
  });
});
