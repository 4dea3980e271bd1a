/**
 * `cdk deploy` begins with the CLI's own synth, and the CLI always resolves a region (the
 * environment's, or us-east-1): the app must synthesize cdk-nag clean there, not only in the
 * environment-agnostic form the other infra tests build. So the real CLI runs here, offline,
 * exactly as docs/operations.md tells a user to, and the app is also checked in process for regions
 * and an account, since no acknowledgement may depend on either.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnbundled, type Resource, statementsIn, unacknowledgedFindings } from '../support/cdk';

const run = promisify(execFile);

/** The environment a user's shell has: no test runner's variables, no CDK_DEFAULT_* yet. */
function userEnvironment(region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: region, CDK_DISABLE_CLI_TELEMETRY: 'true' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('VITEST') || name.startsWith('CDK_DEFAULT_') || name === 'NODE_ENV') delete env[name];
  }
  return env;
}

describe('npx cdk synth --quiet, as a user runs it with AWS_REGION set', () => {
  let out: string;
  let result: { stdout: string; stderr: string };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'cli-synth-'));
    result = await run('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', out], {
      env: userEnvironment('ap-east-1'),
      maxBuffer: 16 * 1024 * 1024,
    });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0 with no cdk-nag error', () => {
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^ERROR/m);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining([
        'KnowledgeRenewal-Data.template.json',
        'KnowledgeRenewal-Service.template.json',
      ]),
    );
  });

  it("lets the verify page's deployment read its own zips of the asset bucket, not every object", () => {
    const nested = readdirSync(out).find((file) => file.includes('VerifySite') && file.endsWith('.json'));
    const template = JSON.parse(readFileSync(join(out, nested as string), 'utf8')) as {
      Resources: Record<string, Resource>;
    };
    const policies = Object.entries(template.Resources).filter(
      ([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.includes('Deployment'),
    );
    const resources = JSON.stringify(policies.flatMap(([, policy]) => statementsIn(policy)));
    expect(resources).toMatch(/-assets-\$\{AWS::AccountId\}-ap-east-1/);
    expect(resources).toMatch(/"\/[0-9a-f]{64}\.zip"/);
    expect(resources).not.toMatch(/assets-[^"]*"\s*\},\s*"\/\*"/);
  });
});

describe.each([
  ['us-west-2', undefined],
  ['ap-east-1', '123456789012'],
  ['cn-northwest-1', '123456789012'],
])('the app in %s (account %s)', (region, account) => {
  it('has no cdk-nag finding that its acknowledgements miss', () => {
    const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
    process.env.CDK_DEFAULT_REGION = region;
    if (account) process.env.CDK_DEFAULT_ACCOUNT = account;
    else delete process.env.CDK_DEFAULT_ACCOUNT;
    try {
      const { app } = buildUnbundled();
      expect(unacknowledgedFindings(app)).toEqual([]);
    } finally {
      for (const [name, value] of Object.entries({
        CDK_DEFAULT_REGION: saved.region,
        CDK_DEFAULT_ACCOUNT: saved.account,
      })) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
