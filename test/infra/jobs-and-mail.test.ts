import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KnowledgeRenewalApp } from '#infra/cloud/app';
import { FUNCTIONS } from '#shared/functions';
import type { JobDef } from '#shared/jobs';
import {
  asArray,
  buildUnbundled,
  logicalId,
  type Resource,
  type ScheduleProps,
  type Statement,
  statementsOfRole,
  unacknowledgedFindings,
} from '../support/cdk';

const TEST_JOB: JobDef = { name: 'test-job', cron: '0 9 * * ? *', function: 'meta', description: 'x' };
const SENDER = 'noreply@example.gov.cn';

let built: KnowledgeRenewalApp;
let service: Template;

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  // No bundling: app.test.ts checks the bundles.
  built = buildUnbundled({
    jobs: [TEST_JOB],
    functions: { ...FUNCTIONS, meta: { ...FUNCTIONS.meta, sendsMail: true, job: true } },
    senderIdentity: SENDER,
  });
  built.app.synth();
  service = Template.fromStack(built.service);
});

const meta = () => {
  const fn = built.service.functions.get('meta');
  if (!fn) throw new Error('no meta function');
  return fn;
};
const resourcesOf = (type: string) => service.findResources(type) as Record<string, Resource>;
const statementsOf = (roleLogicalId: string): Statement[] => statementsOfRole(service, roleLogicalId);

describe('a scheduled job', () => {
  const schedule = () => {
    const schedules = Object.values(resourcesOf('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    return schedules[0]?.Properties as unknown as ScheduleProps;
  };
  const queueId = () => {
    const queue = built.service.jobsDeadLetterQueue;
    if (!queue) throw new Error('no dead-letter queue');
    return logicalId(queue);
  };

  it('runs on its cron in Beijing time, on time', () => {
    expect(schedule().ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(schedule().ScheduleExpressionTimezone).toBe('Asia/Shanghai');
    expect(schedule().FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it("invokes the job's function with {job, now = the scheduled time}", () => {
    expect(schedule().Target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(meta().function), 'Arn'] });
    expect(JSON.parse(schedule().Target.Input)).toEqual({
      job: 'test-job',
      now: '<aws.scheduler.scheduled-time>',
    });
  });

  it('retries, then dead-letters into an encrypted, TLS-only queue', () => {
    const { RetryPolicy, DeadLetterConfig } = schedule().Target;
    expect(RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(RetryPolicy?.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId(), 'Arn'] } });

    expect(resourcesOf('AWS::SQS::Queue')[queueId()]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
    });
    const queuePolicy = Object.values(resourcesOf('AWS::SQS::QueuePolicy')).find((policy) =>
      JSON.stringify(policy.Properties?.Queues).includes(queueId()),
    );
    expect(queuePolicy?.Properties?.PolicyDocument).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    });
  });

  it('assumes a role that Scheduler of this account alone may assume, allowed only to invoke that function', () => {
    const roleId = schedule().Target.RoleArn['Fn::GetAtt'][0];
    const role = resourcesOf('AWS::IAM::Role')[roleId]?.Properties;
    expect(role?.ManagedPolicyArns).toBeUndefined();
    expect(role?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });

    const statements = statementsOf(roleId);
    const invoke = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('lambda:')));
    expect(invoke).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(meta().function), 'Arn'] },
      },
    ]);
    // Besides invoking, only what the dead-letter queue needs (Scheduler sends as this role).
    const others = statements.filter((s) => !invoke.includes(s));
    expect(others).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
    ]);
  });

  it('gives the job function a longer timeout and the same dead-letter queue for failed async runs', () => {
    const props = resourcesOf('AWS::Lambda::Function')[logicalId(meta().function)]?.Properties;
    expect(props?.Timeout).toBe(300);
    expect(props?.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } });
  });

  it('keeps cdk-nag clean with the schedule, its role and its queue', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('refuses a job or route that names a local-only or unknown function, before bundling', () => {
    const localOnly = { ...TEST_JOB, function: 'local-tools' as const };
    expect(() => buildApp({ jobs: [localOnly] })).toThrow(/Job "test-job" names function "local-tools"/);
    const unknown = { ...TEST_JOB, name: 'ghost', function: 'ghost' as unknown as JobDef['function'] };
    expect(() => buildApp({ jobs: [unknown] })).toThrow(/names function "ghost"/);
  });
});

describe('a function that sends mail', () => {
  it('may send only from the sender address, through its address or domain identity', () => {
    const ses = statementsOf(logicalId(meta().role)).filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('ses:')),
    );
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': SENDER } });
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:identity/${SENDER}`);
    expect(resources).toContain(':identity/example.gov.cn');
    expect(resources).not.toContain('*');
  });

  it('is told its From address, and other functions get no mail permission', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    const env = (fn: IConstruct) =>
      (
        (functions[logicalId(fn)]?.Properties?.Environment ?? { Variables: {} }) as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
    expect(env(meta().function).MAIL_FROM).toBe(SENDER);

    const organizations = built.service.functions.get('organizations');
    if (!organizations) throw new Error('no organizations function');
    expect(env(organizations.function).MAIL_FROM).toBeUndefined();
    expect(JSON.stringify(statementsOf(logicalId(organizations.role)))).not.toContain('ses:');
  });
});
