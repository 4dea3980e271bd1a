import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import {
  asArray,
  buildUnbundled,
  logicalId,
  type Resource,
  type Statement,
  unacknowledgedFindings,
} from '../support/cdk';

const RETIRED = [
  'arn:aws-cn:kms:cn-northwest-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  'arn:aws-cn:kms:cn-northwest-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab',
];
const APP_URL = 'https://pxjy.rst.gxzf.example.cn';

let built: KnowledgeRenewalApp;
let service: Template;

const build = (context: Record<string, unknown>) => buildUnbundled({ appProps: { context } });

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  // With a trailing slash, as someone will type it.
  built = build({ previousSigningKeyArns: RETIRED, appUrl: `${APP_URL}/` });
  built.app.synth();
  service = Template.fromStack(built.service);
});

const resourcesOf = (type: string) => service.findResources(type) as Record<string, Resource>;
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);
const fnOf = (name: FunctionName) => {
  const fn = built.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};
const environmentOf = (name: FunctionName) =>
  (
    (resourcesOf('AWS::Lambda::Function')[logicalId(fnOf(name).function)]?.Properties?.Environment ?? {
      Variables: {},
    }) as { Variables: Record<string, unknown> }
  ).Variables;
const kmsStatementsOf = (name: FunctionName): Statement[] =>
  Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${logicalId(fnOf(name).role)}"`))
    .flatMap(
      (policy) =>
        ((policy.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }).Statement,
    )
    .filter((s) => asArray(s.Action).some((action) => action.startsWith('kms:')));
const signingKeyArn = () => ({
  'Fn::ImportValue': expect.stringContaining(logicalId(built.data.signingKey)),
});

describe('previous signing keys', () => {
  const users = cloudFunctions.filter(([, def]) => def.signs || def.verifies);

  it('are listed, after the current key, to every function that signs or verifies', () => {
    expect(users.length).toBeGreaterThanOrEqual(2);
    for (const [name] of users) {
      expect(environmentOf(name).SIGNING_KEY_ID, name).toEqual(signingKeyArn());
      expect(environmentOf(name).SIGNING_PREVIOUS_KEY_IDS, name).toBe(RETIRED.join(','));
    }
  });

  it('may only be read (GetPublicKey), by the signing functions alone; only the current key signs', () => {
    for (const [name, def] of users) {
      // Verifiers read the keys the signers published: no KMS action at all.
      const expected = def.signs
        ? [
            { Effect: 'Allow', Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: signingKeyArn() },
            { Effect: 'Allow', Action: 'kms:GetPublicKey', Resource: RETIRED },
          ]
        : [];
      expect(kmsStatementsOf(name), name).toEqual(expected);
    }
  });

  it('are neither listed nor granted to the other functions', () => {
    for (const [name] of cloudFunctions.filter(([, def]) => !def.signs && !def.verifies)) {
      expect(environmentOf(name).SIGNING_PREVIOUS_KEY_IDS, name).toBeUndefined();
      expect(kmsStatementsOf(name), name).toEqual([]);
    }
    const policies = JSON.stringify(
      Object.values(resourcesOf('AWS::IAM::Policy')).filter(
        (policy) => !users.some(([name]) => JSON.stringify(policy).includes(logicalId(fnOf(name).role))),
      ),
    );
    for (const arn of RETIRED) expect(policies).not.toContain(arn);
  });

  it('keep cdk-nag clean', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('may come from the command line as a comma-separated string (cdk -c)', () => {
    const fromCli = build({ previousSigningKeyArns: ` ${RETIRED[0]} , ${RETIRED[1]},${RETIRED[0]}` });
    const variables = Template.fromStack(fromCli.service).toJSON().Resources as Record<string, Resource>;
    const verification = fromCli.service.functions.get('verification');
    if (!verification) throw new Error('no verification function');
    const environment = variables[logicalId(verification.function)]?.Properties?.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(environment.Variables.SIGNING_PREVIOUS_KEY_IDS).toBe(RETIRED.join(','));
  });

  it('must be KMS key ARNs: no wildcard, alias or bare key id', () => {
    for (const bad of [
      'arn:aws-cn:kms:cn-northwest-1:123456789012:key/*',
      'arn:aws-cn:kms:*:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      '*',
      'arn:aws-cn:kms:cn-northwest-1:123456789012:alias/old-signing-key',
      '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    ]) {
      expect(() => build({ previousSigningKeyArns: [bad] }), bad).toThrow(/not a KMS key ARN/);
    }
    expect(() => build({ previousSigningKeyArns: [42] })).toThrow(/must be a list of KMS key ARNs/);
    expect(() => build({ previousSigningKeyArns: '[not json' })).toThrow(/must be a list of KMS key ARNs/);
  });
});

describe('the web app address', () => {
  it('comes from the appUrl context value, without a trailing slash, to every function', () => {
    for (const [name] of cloudFunctions) {
      expect(environmentOf(name).APP_URL, name).toBe(APP_URL);
    }
  });

  it('must be an https URL', () => {
    for (const bad of ['http://pxjy.example.cn', 'pxjy.example.cn', '', 'https://x.example.cn/?a=1']) {
      expect(() => build({ appUrl: bad }), bad).toThrow(/appUrl must be an https URL/);
    }
  });
});
