/**
 * The transactional outbox in the cloud (issue 8): the registrations table's stream, and the
 * notifier it triggers with new notices only, retried per record, then a dead-letter queue; reading
 * the stream is all the notifier may do with it. The default app, synthesized without bundling.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { MAILER_TIMEOUT } from '#infra/cloud/mail-dispatch';
import { NOTICE_BATCH_SIZE, NOTICE_MAX_AGE, NOTICE_RETRY_ATTEMPTS } from '#infra/cloud/notice-stream';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import { TABLES, type TableName } from '#shared/store/tables';
import {
  asArray,
  buildUnbundled,
  logicalId,
  type Resource,
  type Statement,
  statementsOfRole,
} from '../support/cdk';

let built: KnowledgeRenewalApp;
let service: Template;
let data: Template;

beforeAll(() => {
  built = buildUnbundled();
  built.app.synth();
  service = Template.fromStack(built.service);
  data = Template.fromStack(built.data);
});

const notifierRoleStatements = (): Statement[] => {
  const fn = built.service.functions.get('notifier');
  if (!fn) throw new Error('no notifier');
  return statementsOfRole(service, logicalId(fn.role));
};

describe('the outbox table', () => {
  it('streams old and new images of the registrations table, and of no other table', () => {
    const tables = data.findResources('AWS::DynamoDB::Table') as Record<string, Resource>;
    for (const name of Object.keys(TABLES) as TableName[]) {
      const props = tables[logicalId(built.data.tables[name])]?.Properties ?? {};
      if (name === 'registrations')
        expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
      else expect(props.StreamSpecification, name).toBeUndefined();
    }
  });
});

describe('the notifier', () => {
  const tellers = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][])
    .filter(([, def]) => def.tellsNotices)
    .map(([name]) => name);

  it('is the one function that tells notices, and it sends mail', () => {
    expect(tellers).toEqual(['notifier']);
    expect(FUNCTIONS.notifier).toMatchObject({ sendsMail: true, tables: { registrations: 'readWrite' } });
    // The registration function neither sends mail nor may: the notice leaves through the stream.
    expect((FUNCTIONS.registrations as FunctionDef).sendsMail).toBeUndefined();
  });

  it("has the mailer's time for its batch, as a mail over SMTP may wait out a busy server", () => {
    const fn = built.service.functions.get('notifier');
    if (!fn) throw new Error('no notifier');
    const props = (service.findResources('AWS::Lambda::Function') as Record<string, Resource>)[
      logicalId(fn.function)
    ]?.Properties;
    expect(props?.Timeout).toBe(MAILER_TIMEOUT.toSeconds());
  });

  it('is triggered by new notices only, from the oldest record, retried per record, then parked', () => {
    const notifierRef = { Ref: logicalId(built.service.functions.get('notifier')?.function as never) };
    // The counters aggregator has its own mapping on the same stream (./counter-stream.test.ts).
    const mappings = Object.values(
      service.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>,
    ).filter((mapping) => JSON.stringify(mapping.Properties?.FunctionName) === JSON.stringify(notifierRef));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.Properties ?? {};
    expect(JSON.stringify(props.EventSourceArn)).toMatch(/Tableregistrations.*StreamArn/);
    expect(props).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: NOTICE_BATCH_SIZE,
      MaximumRetryAttempts: NOTICE_RETRY_ATTEMPTS,
      MaximumRecordAgeInSeconds: NOTICE_MAX_AGE.toSeconds(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const filters = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([NOTICE_STREAM_FILTER]);
    const queue = built.service.noticeStream?.deadLetterQueue;
    if (!queue) throw new Error('no notices dead-letter queue');
    expect(props.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } },
    });
  });

  it('only reads the stream (ListStreams, which takes no resource, aside) and may park failures', () => {
    const streamStatements = notifierRoleStatements().filter((s) =>
      asArray(s.Action).some(
        (action) => action.startsWith('dynamodb:') && /Stream|GetRecords|GetShardIterator/.test(action),
      ),
    );
    const scoped = streamStatements.filter((s) => s.Resource !== '*');
    expect(scoped).toHaveLength(1);
    expect(asArray(scoped[0]?.Action).sort()).toEqual(
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].sort(),
    );
    expect(JSON.stringify(scoped[0]?.Resource)).toMatch(/Tableregistrations.*StreamArn/);
    const unscoped = streamStatements.filter((s) => s.Resource === '*');
    expect(unscoped.flatMap((s) => asArray(s.Action))).toEqual(['dynamodb:ListStreams']);
    const queue = built.service.noticeStream?.deadLetterQueue;
    const sends = notifierRoleStatements().filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
    expect(JSON.stringify(sends.map((s) => s.Resource))).toContain(logicalId(queue as never));
  });

  it('has its dead-letter queue counted by the daily dead-letters job', () => {
    const fn = built.service.functions.get('dead-letters');
    const props = (service.findResources('AWS::Lambda::Function') as Record<string, Resource>)[
      logicalId(fn?.function as never)
    ]?.Properties as { Environment: { Variables: { DEAD_LETTER_QUEUES: unknown } } };
    expect(JSON.stringify(props.Environment.Variables.DEAD_LETTER_QUEUES)).toContain('notices');
  });

  it('is refused, before bundling, when it does not name the registrations table', () => {
    const functions = { ...FUNCTIONS, notifier: { ...FUNCTIONS.notifier, tables: { plans: 'readWrite' } } };
    expect(() => buildUnbundled({ functions: functions as never })).toThrow(
      /Function "notifier" tells notices: it needs the registrations table/,
    );
  });
});
