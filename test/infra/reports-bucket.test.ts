/**
 * Year-end reports in the cloud: the yearly schedule, and who may read or write the reports
 * bucket (the `reportsBucket` flag of the catalog), with what memory and timeout. The default app,
 * synthesized once without bundling: app.test.ts checks the bundles.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { DataStack } from '#infra/cloud/data-stack';
import { ServiceStack } from '#infra/cloud/service-stack';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOBS } from '#shared/jobs';
import { REPORT_FILES, type ReportFile } from '#shared/reports/port';
import { reportKey } from '#shared/reports/s3';
import { CLOUD_ROUTES } from '#shared/routes';
import {
  acknowledgementsUnder,
  asArray,
  buildUnbundled,
  logicalId,
  NO_BUNDLING,
  type Resource,
  type ScheduleProps,
  statementsIn,
  statementsOfRole,
  unacknowledgedFindings,
} from '../support/cdk';

let built: KnowledgeRenewalApp;
let service: Template;
let data: Template;

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  built = buildUnbundled();
  built.app.synth();
  service = Template.fromStack(built.service);
  data = Template.fromStack(built.data);
});

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);
const withReports = cloudFunctions.filter(([, def]) => def.reportsBucket);
const withoutReports = cloudFunctions.filter(([, def]) => !def.reportsBucket);

/** Lookups in one synthesized app. */
function inspect(app: KnowledgeRenewalApp, template: Template) {
  const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
  const fnOf = (name: FunctionName) => {
    const fn = app.service.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn;
  };
  const functionProps = (name: FunctionName) =>
    resourcesOf('AWS::Lambda::Function')[logicalId(fnOf(name).function)]?.Properties ?? {};
  const statementsOf = (roleId: string) => statementsOfRole(template, roleId);
  return {
    resourcesOf,
    fnOf,
    functionProps,
    environmentOf: (name: FunctionName) =>
      ((functionProps(name).Environment ?? { Variables: {} }) as { Variables: Record<string, unknown> })
        .Variables,
    statementsOfRole: statementsOf,
    /** The function's statements that name an action of this service (`s3`, `kms`). */
    actionsOf: (name: FunctionName, prefix: string) =>
      statementsOf(logicalId(fnOf(name).role)).filter((s) =>
        asArray(s.Action).some((action) => action.startsWith(`${prefix}:`)),
      ),
    /** Every statement of the stack with an action of this service, and the roles it is attached to. */
    everywhere: (prefix: string) =>
      Object.values(resourcesOf('AWS::IAM::Policy')).flatMap((policy) =>
        statementsIn(policy)
          .filter((s) => asArray(s.Action).some((action) => action.startsWith(`${prefix}:`)))
          .map((statement) => ({ roles: policy.Properties?.Roles, statement })),
      ),
  };
}

const defaults = () => inspect(built, service);
/** The data stack's export of a reports bucket attribute, as the service stack imports it. */
const bucketImport = (attribute: 'Ref' | 'FnGetAtt', bucket: s3.IBucket = built.data.reportsBucket) =>
  expect.objectContaining({
    'Fn::ImportValue': expect.stringMatching(
      new RegExp(`:ExportsOutput${attribute}${logicalId(bucket)}${attribute === 'FnGetAtt' ? 'Arn' : ''}`),
    ),
  });
const reportObjects = (bucket?: s3.IBucket) => ({
  'Fn::Join': ['', [bucketImport('FnGetAtt', bucket), '/reports/*']],
});

/** Listing under reports/ only: S3 then answers a year never compiled with 404, not 403. */
const listReports = (bucket?: s3.IBucket) => ({
  Effect: 'Allow',
  Action: 's3:ListBucket',
  Resource: bucketImport('FnGetAtt', bucket),
  Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
});

describe('the catalog', () => {
  it('has an API function and a job that read and write the reports bucket', () => {
    expect(withReports.map(([name, def]) => [name, def.reportsBucket, def.job === true])).toEqual([
      ['reports', 'readWrite', false],
      ['year-end-report', 'readWrite', true],
    ]);
    expect(CLOUD_ROUTES.filter((route) => route.function === 'reports').length).toBeGreaterThan(0);
  });

  it("keeps every report under the granted prefix (the store's keys)", () => {
    for (const file of Object.keys(REPORT_FILES) as ReportFile[]) {
      expect(reportKey(2026, 'cmp_0001', file)).toMatch(/^reports\/2026\/cmp_0001\/[^/]+$/);
    }
  });
});

describe('the year-end-report schedule', () => {
  const schedule = () => {
    const found = Object.values(defaults().resourcesOf('AWS::Scheduler::Schedule')).filter(
      (s) =>
        JSON.parse((s.Properties?.Target as { Input?: string } | undefined)?.Input ?? '{}').job ===
        'year-end-report',
    );
    expect(found).toHaveLength(1);
    return found[0]?.Properties as unknown as ScheduleProps;
  };
  const jobsDeadLetterQueueId = () => {
    const queue = built.service.jobsDeadLetterQueue;
    if (!queue) throw new Error('no jobs dead-letter queue');
    return logicalId(queue);
  };
  const fnId = () => logicalId(defaults().fnOf('year-end-report').function);

  it('is in JOBS, for the year-end-report function', () => {
    expect(JOBS.find((job) => job.name === 'year-end-report')).toMatchObject({
      cron: '0 2 1 1 ? *',
      function: 'year-end-report',
    });
  });

  it('runs at 02:00 on 1 January, Beijing time, on time', () => {
    expect(schedule().ScheduleExpression).toBe('cron(0 2 1 1 ? *)');
    expect(schedule().ScheduleExpressionTimezone).toBe('Asia/Shanghai');
    expect(schedule().FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule().State).toBe('ENABLED');
  });

  it('invokes the year-end-report function with {job, now = the scheduled time}', () => {
    expect(schedule().Target.Arn).toEqual(arnOf(fnId()));
    expect(JSON.parse(schedule().Target.Input)).toEqual({
      job: 'year-end-report',
      now: '<aws.scheduler.scheduled-time>',
    });
  });

  it('retries delivery, then dead-letters into the jobs queue, as do failed runs', () => {
    const { RetryPolicy, DeadLetterConfig } = schedule().Target;
    expect(RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(RetryPolicy?.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(DeadLetterConfig).toEqual({ Arn: arnOf(jobsDeadLetterQueueId()) });
    expect(defaults().functionProps('year-end-report').DeadLetterConfig).toEqual({
      TargetArn: arnOf(jobsDeadLetterQueueId()),
    });
  });

  it('assumes a role allowed only to invoke that function and to dead-letter', () => {
    const roleId = schedule().Target.RoleArn['Fn::GetAtt'][0];
    expect(defaults().statementsOfRole(roleId)).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(fnId()) },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(jobsDeadLetterQueueId()) },
    ]);
  });
});

describe('the reports bucket', () => {
  it('is encrypted with S3-managed keys, so readers and writers need no KMS grant', () => {
    const bucket = data.findResources('AWS::S3::Bucket')[logicalId(built.data.reportsBucket)];
    expect(bucket?.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(built.data.reportsBucket.encryptionKey).toBeUndefined();
    for (const [name] of withReports) expect(defaults().actionsOf(name, 'kms'), name).toEqual([]);
  });

  it('lets each reportsBucket function GetObject and PutObject on reports/* only', () => {
    for (const [name] of withReports) {
      expect(defaults().actionsOf(name, 's3'), name).toEqual([
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: reportObjects() },
        listReports(),
      ]);
    }
  });

  it('grants nothing of S3 to any other role of the service', () => {
    const granted = defaults().everywhere('s3');
    expect(granted.map(({ roles }) => roles)).toEqual(
      expect.arrayContaining(withReports.map(([name]) => [{ Ref: logicalId(defaults().fnOf(name).role) }])),
    );
    expect(granted).toHaveLength(withReports.length * 2);
    for (const { statement } of granted) {
      for (const action of asArray(statement.Action)) {
        expect(action).not.toContain('*');
        expect(action).not.toMatch(/Delete|Acl|Policy/);
      }
      // Objects under the prefix, or listing restricted to the prefix: never the whole bucket.
      expect(JSON.stringify(statement.Resource) + JSON.stringify(statement.Condition ?? {})).toContain(
        'reports/*',
      );
    }
    for (const [name] of withoutReports) expect(defaults().actionsOf(name, 's3'), name).toEqual([]);
  });

  it('tells exactly the reportsBucket functions its name (REPORTS_BUCKET)', () => {
    for (const [name] of withReports) {
      expect(defaults().environmentOf(name).REPORTS_BUCKET, name).toEqual(bucketImport('Ref'));
    }
    for (const [name] of withoutReports) {
      expect(defaults().environmentOf(name).REPORTS_BUCKET, name).toBeUndefined();
    }
  });

  it('gives the reportsBucket functions 1024 MB for exceljs, and the others the house 512 MB', () => {
    for (const [name] of withReports) expect(defaults().functionProps(name).MemorySize, name).toBe(1024);
    for (const [name] of withoutReports) expect(defaults().functionProps(name).MemorySize, name).toBe(512);
  });

  it('stops the reports API function at 28 s, before the HTTP API gives up; the job keeps the job timeout', () => {
    expect(defaults().functionProps('reports').Timeout).toBe(28);
    expect(defaults().functionProps('year-end-report').Timeout).toBe(300);
  });

  it('keeps every function behind a route under the HTTP API timeout', () => {
    for (const name of new Set(CLOUD_ROUTES.map((route) => route.function))) {
      expect(defaults().functionProps(name).Timeout as number, name).toBeLessThanOrEqual(29);
    }
  });
});

describe('reportsBucket: read', () => {
  it('grants GetObject alone on reports/*, with the bucket name, the memory and the API timeout', () => {
    const app = buildUnbundled({
      functions: { ...FUNCTIONS, meta: { ...FUNCTIONS.meta, reportsBucket: 'read' } },
    });
    app.app.synth();
    const meta = inspect(app, Template.fromStack(app.service));
    expect(meta.actionsOf('meta', 's3')).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: reportObjects(app.data.reportsBucket) },
      listReports(app.data.reportsBucket),
    ]);
    expect(meta.actionsOf('meta', 'kms')).toEqual([]);
    expect(meta.environmentOf('meta').REPORTS_BUCKET).toEqual(bucketImport('Ref', app.data.reportsBucket));
    expect(meta.functionProps('meta')).toMatchObject({ MemorySize: 1024, Timeout: 28 });
    expect(unacknowledgedFindings(app.app)).toEqual([]);
  });
});

describe('a reports bucket with a customer managed key', () => {
  it('adds Decrypt (and GenerateDataKey to write) on that key, and nothing else of KMS', () => {
    // As buildApp sets it: access logs by bucket policy, which the data stack's buckets rely on.
    const app = new App({
      context: { ...NO_BUNDLING, '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true },
    });
    const dataStack = new DataStack(app, 'Data');
    const key = new kms.Key(dataStack, 'ReportsKey', { enableKeyRotation: true });
    const bucket = new s3.Bucket(dataStack, 'KmsReports', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
    });
    const serviceStack = new ServiceStack(app, 'Service', {
      data: {
        tables: dataStack.tables,
        reportsBucket: bucket,
        signingKey: dataStack.signingKey,
        userPool: dataStack.userPool,
        userPoolClient: dataStack.userPoolClient,
      },
      functions: { ...FUNCTIONS, meta: { ...FUNCTIONS.meta, reportsBucket: 'read' } },
    });
    app.synth();
    const found = inspect(
      { app, data: dataStack, service: serviceStack, profile: serviceStack.profile },
      Template.fromStack(serviceStack),
    );
    const keyArn = { 'Fn::ImportValue': expect.stringContaining(logicalId(key)) };
    expect(found.actionsOf('meta', 'kms')).toEqual([
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
    ]);
    for (const [name] of withReports) {
      expect(found.actionsOf(name, 'kms'), name).toEqual([
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn },
      ]);
    }
    expect(
      found.everywhere('kms').filter(({ statement }) => JSON.stringify(statement).includes(logicalId(key))),
    ).toHaveLength(withReports.length + 1);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged with the reports grants', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it("acknowledges the reports/* wildcard alone, on each reportsBucket function's policy", () => {
    // The verification site (nested in the service stack) has findings of its own, tested with it.
    const siteConstructs = new Set(built.verifySite?.node.findAll() ?? []);
    const acknowledged = acknowledgementsUnder(built.service)
      .filter(({ construct, rule }) => !siteConstructs.has(construct) && rule.includes('IAM5'))
      .map(({ rule, construct }) => `${rule} on ${construct.node.path}`);
    // The finding names the resource as cdk-nag flattens it: the bucket ARN by its export name.
    const [granted] = defaults().actionsOf('reports', 's3');
    const resource = granted?.Resource as { 'Fn::Join': [string, [{ 'Fn::ImportValue': string }]] };
    const exportName = resource['Fn::Join'][1][0]['Fn::ImportValue'];
    // Besides: dynamodb:ListStreams, which takes no resource, for the two readers of the
    // registrations stream (notice-stream.test.ts, counter-stream.test.ts).
    const others = ['notifier', 'counters'].map(
      (reader) =>
        `AwsSolutions-IAM5[Resource::*] on KnowledgeRenewal-Service/Fn-${reader}/Role/DefaultPolicy`,
    );
    expect(acknowledged.sort()).toEqual(
      [
        ...withReports.map(
          ([name]) =>
            `AwsSolutions-IAM5[Resource::${exportName}/reports/*] on ` +
            `KnowledgeRenewal-Service/Fn-${name}/Role/DefaultPolicy`,
        ),
        ...others,
      ].sort(),
    );
  });

  it('still finds any other wildcard on those roles, such as all objects of the bucket', () => {
    const app = buildUnbundled();
    app.service.functions.get('reports')?.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [app.data.reportsBucket.arnForObjects('*')],
      }),
    );
    const violations = new AwsSolutionsChecks().validateScope(app.app).violations;
    expect(violations.map((v) => v.ruleName)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::.*ReportsBucket.*\/\*\]$/),
    ]);
    expect(violations[0]?.ruleName).not.toContain('/reports/*');
  });
});
