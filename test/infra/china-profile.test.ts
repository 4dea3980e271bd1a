/**
 * The China profile (`-c partition=aws-cn` in cn-northwest-1), as `cdk synth` builds it offline
 * with nothing else given: no Cognito, no SES, no CloudFront, no Scheduler, no `arn:aws:` literal,
 * no resource type the profile declares unavailable (infra/cloud/china-unavailable.ts), cdk-nag
 * clean; sign-in from a configured OIDC issuer with the claim names told to every API function,
 * mail over SMTP with its secret, jobs on EventBridge rules in UTC, the verification page on the
 * API. Synthesized once (unbundled: the templates are the same), shared by every test here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { CHINA_UNAVAILABLE, unavailableInChina } from '#infra/cloud/china-unavailable';
import { DEFAULT_CLAIMS } from '#infra/cloud/profile';
import { beijingCronToUtc } from '#infra/cloud/utc-cron';
import { VERIFY_PAGE_ROUTES } from '#infra/cloud/verify-page-routes';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOBS } from '#shared/jobs';
import { CLOUD_ROUTES } from '#shared/routes';
import {
  buildUnbundled,
  logicalId,
  type Resource,
  statementsOfRole,
  unacknowledgedFindings,
} from '../support/cdk';

type Templates = Record<
  string,
  { Resources: Record<string, Resource>; Parameters?: Record<string, unknown> }
>;

const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
let built: KnowledgeRenewalApp;
let templates: Templates;
let texts: Record<string, string>;
let service: Template;

beforeAll(() => {
  // As `AWS_REGION=cn-northwest-1 npx cdk synth -c partition=aws-cn` on a machine without an account.
  process.env.CDK_DEFAULT_REGION = 'cn-northwest-1';
  delete process.env.CDK_DEFAULT_ACCOUNT;
  built = buildUnbundled({ appProps: { context: { partition: 'aws-cn' } } });
  // Throws on any unacknowledged cdk-nag error (vitest's NODE_ENV=test).
  const directory = built.app.synth().directory;
  texts = Object.fromEntries(
    readdirSync(directory)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, readFileSync(join(directory, file), 'utf8')]),
  );
  templates = Object.fromEntries(Object.entries(texts).map(([file, text]) => [file, JSON.parse(text)]));
  service = Template.fromStack(built.service);
});

afterAll(() => {
  for (const [name, value] of Object.entries({
    CDK_DEFAULT_REGION: saved.region,
    CDK_DEFAULT_ACCOUNT: saved.account,
  })) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const allResources = () => Object.values(templates).flatMap((template) => Object.values(template.Resources));
const resourcesOf = (type: string) => service.findResources(type) as Record<string, Resource>;
const fn = (name: FunctionName) => {
  const built_ = built.service.functions.get(name);
  if (!built_) throw new Error(`no function ${name}`);
  return built_;
};
const environmentOf = (name: FunctionName): Record<string, unknown> => {
  const properties = resourcesOf('AWS::Lambda::Function')[logicalId(fn(name).function)]?.Properties;
  return (properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
};
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);

describe('the China profile', () => {
  it('is chosen by the partition, with the replacements of every unavailable service', () => {
    expect(built.profile).toMatchObject({
      partition: 'aws-cn',
      identity: { kind: 'oidc' },
      mail: { kind: 'smtp' },
      schedules: 'rules',
      verifyPage: 'api',
    });
    expect(built.verifySite).toBeUndefined();
  });

  it('passes cdk-nag with every finding acknowledged', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('has no Cognito and no SES resource, and grants no SES action', () => {
    const types = allResources().map((resource) => resource.Type);
    expect(types.filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(types.filter((type) => type.startsWith('AWS::SES::'))).toEqual([]);
    expect(Object.values(texts).join('\n')).not.toMatch(/"ses:/);
  });

  it('has no literal arn:aws: in any template: every ARN is built with the partition', () => {
    // The data stack, the service stack and any nested one: all templates of the assembly.
    expect(Object.keys(texts).length).toBeGreaterThanOrEqual(2);
    for (const [file, text] of Object.entries(texts)) {
      expect(text.match(/.{0,80}arn:aws:.{0,80}/g) ?? [], file).toEqual([]);
    }
  });

  it('uses no resource type that the China profile declares unavailable', () => {
    const types = [...new Set(allResources().map((resource) => resource.Type))].sort();
    // The list itself: every entry says where it comes from and when it was read.
    for (const entry of CHINA_UNAVAILABLE) {
      expect(entry.source, entry.type).toMatch(/^https:\/\/docs\.amazonaws\.cn\//);
      expect(entry.read, entry.type).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter((type) => unavailableInChina(type))).toEqual([]);
  });

  it('names only service principals of the form <service>.amazonaws.com, which the China regions use too', () => {
    const principals = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'Service')
            for (const service_ of [value].flat()) principals.add(JSON.stringify(service_));
          else collect(value);
        }
      }
    };
    collect(allResources());
    for (const resource of allResources().filter((r) => r.Type === 'AWS::Lambda::Permission'))
      principals.add(JSON.stringify(resource.Properties?.Principal));
    // No `<service>.amazonaws.com.cn`: IAM in the China regions rejects those for these services.
    for (const principal of principals) expect(principal).toMatch(/^"[a-z0-9.-]+\.amazonaws\.com"$/);
    for (const used of ['lambda', 'apigateway', 'events'])
      expect(principals).toContain(`"${used}.amazonaws.com"`);
  });
});

describe('sign-in from an OpenID Connect provider', () => {
  it("points the API's JWT authorizer at the OidcIssuer and OidcAudience parameters", () => {
    const authorizers = Object.values(resourcesOf('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: { Ref: 'OidcIssuer' }, Audience: [{ Ref: 'OidcAudience' }] },
    });
    expect(Object.keys(templates['KnowledgeRenewal-Service.template.json']?.Parameters ?? {})).toEqual(
      expect.arrayContaining(['OidcIssuer', 'OidcAudience']),
    );
    const outputs = Object.keys(service.toJSON().Outputs ?? {});
    expect(outputs.filter((output) => output.startsWith('UserPool'))).toEqual([]);
  });

  it('tells every API function the claim names, and no other function', () => {
    const routed = new Set(CLOUD_ROUTES.filter((route) => !route.localOnly).map((route) => route.function));
    expect(routed.size).toBeGreaterThan(5);
    for (const [name] of cloudFunctions) {
      const variables = environmentOf(name);
      if (routed.has(name)) {
        expect(variables, name).toMatchObject({
          CLAIM_USER_ID: DEFAULT_CLAIMS.userId,
          CLAIM_ROLES: DEFAULT_CLAIMS.roles,
          CLAIM_ORG_ID: DEFAULT_CLAIMS.orgId,
          CLAIM_NAME: DEFAULT_CLAIMS.name,
          CLAIM_EMAIL: DEFAULT_CLAIMS.email,
        });
      } else {
        expect(
          Object.keys(variables).filter((key) => key.startsWith('CLAIM_')),
          name,
        ).toEqual([]);
      }
    }
  });
});

describe('mail over SMTP', () => {
  const senders = cloudFunctions.filter(([, def]) => def.sendsMail).map(([name]) => name);

  it('tells every function that sends mail the server and the secret, and lets it read that secret only', () => {
    expect(senders.length).toBeGreaterThan(0);
    for (const name of senders) {
      expect(environmentOf(name), name).toMatchObject({
        MAIL_TRANSPORT: 'smtp',
        SMTP_HOST: { Ref: 'SmtpHost' },
        SMTP_PORT: { Ref: 'SmtpPort' },
        SMTP_SECRET_ARN: { Ref: 'SmtpSecretArn' },
      });
      const statements = statementsOfRole(service, logicalId(fn(name).role));
      const secretReads = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
      expect(secretReads, name).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'SmtpSecretArn' } },
      ]);
    }
    for (const [name] of cloudFunctions.filter(([, def]) => !def.sendsMail)) {
      expect(environmentOf(name).MAIL_TRANSPORT, name).toBeUndefined();
    }
  });
});

describe('jobs on EventBridge rules', () => {
  it('has one rule per job, on its cron moved to UTC, with the JobEvent from the event time', () => {
    expect(resourcesOf('AWS::Scheduler::Schedule')).toEqual({});
    const rules = Object.values(resourcesOf('AWS::Events::Rule'));
    expect(rules).toHaveLength(JOBS.length);
    const queue = built.service.jobsDeadLetterQueue;
    if (!queue) throw new Error('no jobs dead-letter queue');
    for (const job of JOBS) {
      const rule = rules.find(
        (r) => r.Properties?.ScheduleExpression === `cron(${beijingCronToUtc(job.cron)})`,
      );
      expect(rule, job.name).toBeDefined();
      const [target] = (rule?.Properties?.Targets ?? []) as Record<string, unknown>[];
      expect(target?.Arn, job.name).toEqual({ 'Fn::GetAtt': [logicalId(fn(job.function).function), 'Arn'] });
      expect(target?.InputTransformer, job.name).toEqual({
        InputPathsMap: { time: '$.time' },
        InputTemplate: `{"job":"${job.name}","now":<time>}`,
      });
      expect(target?.DeadLetterConfig, job.name).toEqual({
        Arn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
      });
      expect(target?.RetryPolicy, job.name).toEqual({
        MaximumEventAgeInSeconds: 7200,
        MaximumRetryAttempts: 10,
      });
    }
    // The reminders at 09:00 Beijing time run at 01:00 UTC; the year-end report at 02:00 on
    // 1 January Beijing time runs at 18:00 UTC on 31 December.
    const crons = rules.map((rule) => rule.Properties?.ScheduleExpression);
    expect(crons).toContain('cron(0 1 * * ? *)');
    expect(crons).toContain('cron(0 18 31 12 ? *)');
  });

  it('lets each rule, and only it, invoke its job function', () => {
    const permissions = Object.values(resourcesOf('AWS::Lambda::Permission')).filter(
      (p) => p.Properties?.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(JOBS.length);
    for (const permission of permissions) {
      expect(permission.Properties?.SourceArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    }
  });
});

describe('the verification page served by the API', () => {
  it('has public GET /verify and /verify/{file} routes on their own function, throttled as public routes', () => {
    const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route'));
    for (const key of VERIFY_PAGE_ROUTES) {
      const route = routes.find((r) => r.Properties?.RouteKey === key);
      expect(route?.Properties?.AuthorizationType, key).toBe('NONE');
    }
    const stage = Object.values(resourcesOf('AWS::ApiGatewayV2::Stage'))[0];
    const settings = stage?.Properties?.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    for (const key of VERIFY_PAGE_ROUTES) expect(settings[key]?.ThrottlingRateLimit, key).toBe(20);
    expect(resourcesOf('AWS::CloudFront::Distribution')).toEqual({});
  });

  it("sends QR codes to the API's own endpoint (CloudFormation's, in the partition's URL suffix)", () => {
    const page = built.service.verifyPage;
    if (!page) throw new Error('no page on the API');
    const signers = cloudFunctions
      .filter(([, def]) => def.signs || def.printsCertificates)
      .map(([name]) => name);
    expect(signers.length).toBeGreaterThan(0);
    for (const name of signers) {
      expect(environmentOf(name).VERIFY_PAGE_ORIGIN, name).toEqual({
        'Fn::GetAtt': [logicalId(built.service.api), 'ApiEndpoint'],
      });
    }
  });
});
