/**
 * The counters aggregator in the cloud: triggered by the registrations table's stream (old and new
 * images) with the changes of registrations only, a shard's batches in order and named by shard (a
 * tumbling window), failures reported per record and bisected, retried long, then a dead-letter
 * queue the daily job counts. The default app, synthesized without bundling.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import {
  COUNTS_BATCHING_WINDOW,
  COUNTS_MAX_AGE,
  COUNTS_RETRY_ATTEMPTS,
  COUNTS_TUMBLING_WINDOW,
} from '#infra/cloud/counter-stream';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { COUNTS_BATCH_SIZE, REGISTRATION_STREAM_FILTER } from '#shared/store/registration-filter';
import { asArray, buildUnbundled, logicalId, type Resource, statementsOfRole } from '../support/cdk';

let built: KnowledgeRenewalApp;
let service: Template;

beforeAll(() => {
  built = buildUnbundled();
  built.app.synth();
  service = Template.fromStack(built.service);
});

const aggregator = () => {
  const fn = built.service.functions.get('counters');
  if (!fn) throw new Error('no counters function');
  return fn;
};

describe('the counters aggregator', () => {
  it('is the one function that counts registrations, and it writes only the counters’ table', () => {
    const counters = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][])
      .filter(([, def]) => def.countsRegistrations)
      .map(([name]) => name);
    expect(counters).toEqual(['counters']);
    expect(FUNCTIONS.counters.tables).toEqual({ plans: 'readWrite' });
  });

  it('is triggered by changes of registrations, a shard at a time in order, named by shard, retried, then parked', () => {
    const ref = { Ref: logicalId(aggregator().function) };
    const mappings = Object.values(
      service.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>,
    ).filter((mapping) => JSON.stringify(mapping.Properties?.FunctionName) === JSON.stringify(ref));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.Properties ?? {};
    expect(JSON.stringify(props.EventSourceArn)).toMatch(/Tableregistrations.*StreamArn/);
    expect(props).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: COUNTS_BATCH_SIZE,
      MaximumBatchingWindowInSeconds: COUNTS_BATCHING_WINDOW.toSeconds(),
      ParallelizationFactor: 1,
      TumblingWindowInSeconds: COUNTS_TUMBLING_WINDOW.toSeconds(),
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: COUNTS_RETRY_ATTEMPTS,
      MaximumRecordAgeInSeconds: COUNTS_MAX_AGE.toSeconds(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Given up well before the stream drops the records (24 hours), so they can still be applied.
    expect(COUNTS_MAX_AGE.toHours()).toBeLessThan(24);
    const filters = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([REGISTRATION_STREAM_FILTER]);
    const queue = built.service.counterStream?.deadLetterQueue;
    if (!queue) throw new Error('no counters dead-letter queue');
    expect(props.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } },
    });
  });

  it('only reads the stream and writes the plans table', () => {
    const statements = statementsOfRole(service, logicalId(aggregator().role));
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(
      actions.filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action)).length,
    ).toBeGreaterThan(0);
    const writes = statements.filter((statement) =>
      asArray(statement.Action).some((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action)),
    );
    expect(JSON.stringify(writes.map((statement) => statement.Resource))).not.toMatch(/Tableregistrations/);
  });

  it('has its dead-letter queue counted by the daily dead-letters job', () => {
    const fn = built.service.functions.get('dead-letters');
    const props = (service.findResources('AWS::Lambda::Function') as Record<string, Resource>)[
      logicalId(fn?.function as never)
    ]?.Properties as { Environment: { Variables: { DEAD_LETTER_QUEUES: unknown } } };
    expect(JSON.stringify(props.Environment.Variables.DEAD_LETTER_QUEUES)).toContain('counters');
  });
});
