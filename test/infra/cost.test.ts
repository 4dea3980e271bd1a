/**
 * The cost report (infra/cost): the idle classifier on hand-written template fragments, the
 * schedule counter, the synthesized app (nothing but storage, keys and schedules costs money while
 * idle; every resource type is known), and docs/cost.md's cost table against the model. The app is
 * synthesized once, without bundling (the resources are the same).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAssemblyTemplates, type StackTemplate } from '#infra/cost/assembly';
import {
  type CfnResourceJson,
  type CfnTemplateJson,
  type Classified,
  classifyResource,
  classifyTemplate,
  failures,
  idleMonthlyUsd,
} from '#infra/cost/idle';
import { PRICES } from '#infra/cost/prices';
import { costTable, costTableCells, REQUEST_LEVELS, REQUEST_MIX } from '#infra/cost/requests';
import { runsPerMonth } from '#infra/cost/schedules';

const classify = (resource: CfnResourceJson, template: CfnTemplateJson = {}) =>
  classifyResource('Resource', resource, template);

const keySchema = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];

describe('idle classifier, on template fragments', () => {
  it('a DynamoDB table with provisioned throughput is billed by the hour: idle-charge', () => {
    const table = classify({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: keySchema,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      },
    });
    expect(table.idle).toBe('idle-charge');
    expect(table.monthlyUsd).toBeCloseTo(
      730 * 5 * (PRICES.dynamodb.provisionedRcuHour + PRICES.dynamodb.provisionedWcuHour),
    );
    // CloudFormation's default billing mode is PROVISIONED.
    expect(classify({ Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: keySchema } }).idle).toBe(
      'idle-charge',
    );
  });

  it('an on-demand table costs only what it stores: storage (with PITR)', () => {
    const table = classify({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: keySchema,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
    expect(table).toMatchObject({ idle: 'storage', monthlyUsd: 0 });
    expect(table.reason).toContain('PITR');
  });

  it('a CloudWatch alarm is billed by the month: idle-charge', () => {
    const alarm = classify({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Period: 300, Threshold: 0 },
    });
    expect(alarm).toMatchObject({ idle: 'idle-charge', monthlyUsd: PRICES.cloudWatch.alarmMetricMonth });
    const highResolution = classify({ Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } });
    expect(highResolution.monthlyUsd).toBe(PRICES.cloudWatch.highResolutionAlarmMetricMonth);
  });

  it('an SQS event source mapping polls all day: idle-charge', () => {
    const template: CfnTemplateJson = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Mapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: { Ref: 'Fn' } },
        },
      },
    };
    const [queue, mapping] = classifyTemplate(template);
    expect(queue?.idle).toBe('none');
    expect(mapping?.idle).toBe('idle-charge');
    expect(mapping?.reason).toContain('SQS');
    expect(mapping?.monthlyUsd).toBeGreaterThan(0);
    expect(
      classify({
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { EventSourceArn: 'arn:aws:kinesis:ap-southeast-1:123456789012:stream/s' },
      }).idle,
    ).toBe('idle-charge');
  });

  it('a DynamoDB stream trigger is read free: none, from this stack or another', () => {
    const template: CfnTemplateJson = {
      Resources: {
        Table: { Type: 'AWS::DynamoDB::Table' },
        Local: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] } },
        },
        Imported: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            EventSourceArn: {
              'Fn::ImportValue': 'Data:ExportsOutputFnGetAttTableregistrations0E3239F0StreamArn1A2B3C4D',
            },
          },
        },
        Provisioned: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
            ProvisionedPollerConfig: { MinimumPollers: 1 },
          },
        },
      },
    };
    const [, local, imported, provisioned] = classifyTemplate(template);
    expect(local).toMatchObject({ idle: 'none', monthlyUsd: 0 });
    expect(local?.reason).toContain('DynamoDB stream');
    expect(imported?.idle).toBe('none');
    // Provisioned pollers are billed by the hour, whatever they read.
    expect(provisioned?.idle).toBe('idle-charge');
  });

  it('a daily schedule runs about 30 times a month: scheduled, at a few cents', () => {
    const template: CfnTemplateJson = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512 } },
        Schedule: {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            ScheduleExpression: 'cron(0 9 * * ? *)',
            ScheduleExpressionTimezone: 'Asia/Shanghai',
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, RoleArn: 'arn' },
          },
        },
      },
    };
    const schedule = classifyTemplate(template)[1] as Classified;
    expect(schedule.idle).toBe('scheduled');
    expect(schedule.runsPerMonth).toBeCloseTo(365 / 12);
    expect(schedule.monthlyUsd).toBeGreaterThan(0);
    expect(schedule.monthlyUsd).toBeLessThan(0.01);
    expect(
      classify({
        Type: 'AWS::Scheduler::Schedule',
        Properties: { ScheduleExpression: 'cron(0 9 * * ? *)', State: 'DISABLED' },
      }).runsPerMonth,
    ).toBe(0);
  });

  it('an unknown type is a failure that says where to classify it', () => {
    const thing = classify({ Type: 'AWS::Example::Thing' });
    expect(thing.idle).toBe('unknown');
    expect(thing.reason).toContain('AWS::Example::Thing');
    expect(thing.reason).toContain('infra/cost/idle.ts');
    expect(failures([thing])).toEqual([thing]);
  });

  it('knows the other classes: keys, custom resources, endpoints, provisioned concurrency', () => {
    expect(classify({ Type: 'AWS::KMS::Key' })).toMatchObject({
      idle: 'key',
      monthlyUsd: PRICES.kms.keyMonth,
    });
    expect(classify({ Type: 'Custom::S3AutoDeleteObjects' }).idle).toBe('none');
    expect(classify({ Type: 'AWS::CloudFront::Distribution' }).idle).toBe('none');
    expect(classify({ Type: 'AWS::EC2::NatGateway' }).idle).toBe('idle-charge');
    expect(classify({ Type: 'AWS::SecretsManager::Secret' }).monthlyUsd).toBe(PRICES.idle.secretMonth);
    expect(classify({ Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } }).idle).toBe(
      'none',
    );
    expect(
      classify({
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] },
      }).idle,
    ).toBe('idle-charge');
    expect(classify({ Type: 'AWS::Lambda::Alias' }).idle).toBe('none');
    expect(
      classify({
        Type: 'AWS::Lambda::Alias',
        Properties: { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } },
      }).idle,
    ).toBe('idle-charge');
    expect(classify({ Type: 'AWS::Events::Rule', Properties: { EventPattern: {} } }).idle).toBe('none');
    expect(
      classify({ Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)' } }),
    ).toMatchObject({
      idle: 'scheduled',
      runsPerMonth: 730,
    });
  });
});

describe('runs per month of a schedule expression', () => {
  it.each([
    ['cron(0 9 * * ? *)', 365 / 12],
    ['cron(0 2 1 1 ? *)', 1 / 12],
    ['cron(0/15 * * * ? *)', (4 * 24 * 365) / 12],
    ['cron(0 9,18 ? * MON-FRI *)', (2 * 261) / 12],
    ['cron(0 18 ? * 6L *)', 1],
    ['cron(0 10 ? * 2#1 *)', 1],
    ['cron(0 0 L * ? *)', 1],
    ['cron(0 9 1 DEC ? *)', 1 / 12],
    ['cron(0 9 1 1 ? 2030)', 1 / 12],
    ['rate(5 minutes)', (365 * 24 * 12) / 12],
    ['rate(1 day)', 365 / 12],
    ['at(2027-01-01T00:00:00)', 0],
  ])('%s', (expression, expected) => {
    expect(runsPerMonth(expression)).toBeCloseTo(expected, 6);
  });

  it('refuses what it cannot read', () => {
    expect(() => runsPerMonth('cron(0 9 * *)')).toThrow(/6 fields/);
    expect(() => runsPerMonth('cron(61 9 * * ? *)')).toThrow(/61/);
    expect(() => runsPerMonth('every day')).toThrow(/cron/);
  });
});

describe('templates of a cloud assembly (--from cdk.out)', () => {
  it("reads every stack's template, nested stacks' included", () => {
    const directory = mkdtempSync(join(tmpdir(), 'gx-cost-test-'));
    try {
      const template = { Resources: { Key: { Type: 'AWS::KMS::Key' } } };
      writeFileSync(join(directory, 'App-Data.template.json'), JSON.stringify(template));
      writeFileSync(join(directory, 'AppSite1234.nested.template.json'), JSON.stringify({ Resources: {} }));
      writeFileSync(join(directory, 'manifest.json'), '{}');
      expect(readAssemblyTemplates(directory)).toEqual([
        { stackName: 'App-Data', template },
        { stackName: 'AppSite1234.nested', template: { Resources: {} } },
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the synthesized app', () => {
  let stacks: StackTemplate[];
  let classified: Classified[];

  beforeAll(async () => {
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    // Loaded here: the classifier's cases above need no CDK app.
    const { synthesizeTemplates } = await import('#infra/cost/synth');
    stacks = synthesizeTemplates();
    classified = stacks.flatMap((stack) =>
      classifyTemplate(stack.template).map((resource) => ({
        ...resource,
        logicalId: `${stack.stackName}/${resource.logicalId}`,
      })),
    );
  });

  it('has a class for every resource type, in every stack and nested stack', () => {
    expect(stacks.some((stack) => stack.stackName.endsWith('.nested'))).toBe(true);
    const unknown = classified.filter((resource) => resource.idle === 'unknown');
    expect(unknown.map((resource) => `${resource.logicalId} ${resource.type}`)).toEqual([]);
  });

  it('costs nothing while idle but storage, the KMS key and its schedules', () => {
    const idleCharges = classified
      .filter((resource) => resource.idle === 'idle-charge')
      .map((resource) => `${resource.logicalId} ${resource.type}: ${resource.reason}`);
    expect(idleCharges).toEqual([]);
  });

  it('keeps its data on demand: the tables are storage, the signing key is the only key', () => {
    const tables = classified.filter((resource) => resource.type === 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table.idle, table.logicalId).toBe('storage');
    expect(classified.filter((resource) => resource.idle === 'key')).toHaveLength(1);
    // $1 for the key and cents for the schedules' runs.
    expect(idleMonthlyUsd(classified)).toBeGreaterThanOrEqual(PRICES.kms.keyMonth);
    expect(idleMonthlyUsd(classified)).toBeLessThan(PRICES.kms.keyMonth + 0.1);
  });
});

describe('the request cost model and docs/cost.md', () => {
  it('has a request mix whose shares add up to 1', () => {
    expect(REQUEST_MIX.reduce((sum, kind) => sum + kind.share, 0)).toBeCloseTo(1, 10);
  });

  it('grows with requests, and a total is the sum of its rows', () => {
    const table = costTable();
    expect(table.levels).toEqual(REQUEST_LEVELS);
    for (const row of table.rows) {
      const [low = 0, mid = 0, high = 0] = row.usd;
      expect(low, row.service).toBeLessThanOrEqual(mid);
      expect(mid, row.service).toBeLessThanOrEqual(high);
    }
    table.total.forEach((total, i) => {
      expect(total).toBeCloseTo(
        table.rows.reduce((sum, row) => sum + (row.usd[i] ?? 0), 0),
        10,
      );
    });
  });

  it('docs/cost.md "What it costs" shows exactly the table the model computes (npm run cost)', () => {
    const page = readFileSync(new URL('../../docs/cost.md', import.meta.url), 'utf8');
    const section = page.split(/^# What it costs$/m)[1]?.split(/^## /m)[0];
    expect(section, 'docs/cost.md has no "# What it costs" section').toBeDefined();
    const expected = costTableCells();
    const lines = (section ?? '').split('\n');
    // Cells are compared trimmed: the formatter pads the columns.
    const start = lines.findIndex((line) => line.split('|')[1]?.trim() === expected[0]?.[0]);
    expect(start, 'the cost table (paste it from `npm run cost`)').toBeGreaterThanOrEqual(0);
    const rows: string[][] = [];
    for (const line of lines.slice(start)) {
      if (!line.startsWith('|')) break;
      const cells = line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim());
      if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
      rows.push(cells);
    }
    expect(rows).toEqual(expected);
  });
});
