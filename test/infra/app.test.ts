/**
 * The CDK app as `cdk synth` builds it: the route table, the table definitions and the function
 * catalog become the resources they describe, least privilege holds, and cdk-nag finds nothing
 * that is not acknowledged with a reason. Synthesized once (bundling costs seconds per function).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';

import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KnowledgeRenewalApp } from '#infra/cloud/app';
import { CERTIFICATE_FONT } from '#shared/certificates/pdf/font';
import { ROLES } from '#shared/domain/roles';
import { FUNCTIONS, type FunctionDef, type FunctionName, type TableAccess } from '#shared/functions';
import { ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { TABLES, type TableDef, type TableName } from '#shared/store/tables';
import {
  acknowledgementsUnder,
  asArray,
  logicalId,
  type Resource,
  statementsOfRole,
  unacknowledgedFindings,
} from '../support/cdk';

let built: KnowledgeRenewalApp;
let assemblyDir: string;
let data: Template;
let service: Template;

beforeAll(() => {
  // As on a machine with no AWS account: environment-agnostic stacks.
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  delete process.env.CORS_ALLOWED_ORIGINS;
  built = buildApp();
  // Throws on any unacknowledged cdk-nag error: vitest sets NODE_ENV=test, the "in memory" mode.
  assemblyDir = built.app.synth().directory;
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
});

const functionLogicalId = (name: FunctionName) => {
  const fn = built.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return logicalId(fn.function);
};
/** The global profile's Cognito resources, which the China profile does without. */
const present = <T>(construct: T | undefined): T => {
  if (construct === undefined) throw new Error('The global profile builds a user pool and its client');
  return construct;
};
const resourcesOf = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;
const cloudRoutes = (ROUTES as readonly RouteDef[]).filter((route) => !route.localOnly);
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);

describe('HTTP API from the route table', () => {
  it('has exactly one route per cloud route, with the authorizer its access asks for', () => {
    const routes = Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((route) => route.Properties?.RouteKey).sort()).toEqual(
      cloudRoutes.map(routeKey).sort(),
    );

    const [authorizerId] = Object.keys(resourcesOf(service, 'AWS::ApiGatewayV2::Authorizer'));
    for (const route of cloudRoutes) {
      const props = routes.find(
        (candidate) => candidate.Properties?.RouteKey === routeKey(route),
      )?.Properties;
      if (route.access === 'public') {
        expect(props?.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(props?.AuthorizerId, routeKey(route)).toBeUndefined();
      } else {
        expect(props?.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(props?.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('has no local-only route', () => {
    const keys = Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties?.RouteKey,
    );
    for (const route of (ROUTES as readonly RouteDef[]).filter((r) => r.localOnly)) {
      expect(keys).not.toContain(routeKey(route));
    }
  });

  it("integrates each route with its function's Lambda (route -> integration -> function)", () => {
    const routes = Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Route'));
    const integrations = resourcesOf(service, 'AWS::ApiGatewayV2::Integration');
    for (const route of cloudRoutes) {
      const target = routes.find((r) => r.Properties?.RouteKey === routeKey(route))?.Properties?.Target;
      const integrationId = (target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]
        .Ref;
      const integration = integrations[integrationId]?.Properties;
      expect(integration?.IntegrationType, routeKey(route)).toBe('AWS_PROXY');
      expect(integration?.PayloadFormatVersion, routeKey(route)).toBe('2.0');
      expect(integration?.IntegrationUri, routeKey(route)).toEqual({
        'Fn::GetAtt': [functionLogicalId(route.function), 'Arn'],
      });
    }
  });

  it('lets API Gateway invoke each routed function, from this API only', () => {
    const permissions = Object.values(resourcesOf(service, 'AWS::Lambda::Permission'));
    for (const name of new Set(cloudRoutes.map((route) => route.function))) {
      const forFunction = permissions.filter(
        (p) =>
          JSON.stringify(p.Properties?.FunctionName) ===
          JSON.stringify({ 'Fn::GetAtt': [functionLogicalId(name), 'Arn'] }),
      );
      expect(forFunction.length, name).toBeGreaterThan(0);
      for (const permission of forFunction) {
        expect(permission.Properties?.Principal).toBe('apigateway.amazonaws.com');
        expect(JSON.stringify(permission.Properties?.SourceArn)).toContain(logicalId(built.service.api));
      }
    }
  });

  it('checks tokens against the user pool: its issuer and its app client as audience', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { 'Fn::ImportValue': Match.stringLikeRegexp(logicalId(present(built.data.userPool))) },
            ],
          ],
        },
        Audience: [
          { 'Fn::ImportValue': Match.stringLikeRegexp(logicalId(present(built.data.userPoolClient))) },
        ],
      },
    });
  });

  it('throttles and access-logs the default stage into a log group with a retention', () => {
    const [stage] = Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      },
    });
    const settings = stage?.Properties?.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string] } };
    const logGroup = resourcesOf(service, 'AWS::Logs::LogGroup')[settings.DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup?.Properties?.RetentionInDays).toBeGreaterThan(0);
  });

  it('allows no cross-origin browser caller unless origins are given (test/infra/api-edge.test.ts)', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });

  it('outputs the API URL, the user pool id, the client id, the alarm topic and what mail redrive needs', () => {
    expect(Object.keys(service.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'MailDeadLetterQueueUrl',
      'MailerFunctionName',
      'UserPoolClientId',
      'UserPoolId',
    ]);
  });

  it('subscribes no address to the alarm topic unless alarmEmail is given', () => {
    service.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('tables from the table definitions', () => {
  it('has one table per definition, on demand, with PITR, deletion protection and Retain', () => {
    expect(Object.keys(resourcesOf(data, 'AWS::DynamoDB::Table'))).toHaveLength(Object.keys(TABLES).length);
    for (const [name, def] of Object.entries(TABLES) as [TableName, TableDef][]) {
      const table = resourcesOf(data, 'AWS::DynamoDB::Table')[logicalId(built.data.tables[name])];
      expect(table, name).toBeDefined();
      expect(table?.DeletionPolicy, name).toBe('Retain');
      expect(table?.UpdateReplacePolicy, name).toBe('Retain');
      const props = table?.Properties ?? {};
      expect(props.BillingMode, name).toBe('PAY_PER_REQUEST');
      expect(props.PointInTimeRecoverySpecification, name).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(props.DeletionProtectionEnabled, name).toBe(true);
      expect(props.SSESpecification, name).toMatchObject({ SSEEnabled: true });
      expect(props.KeySchema, name).toEqual([
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ]);
      const keyNames = [
        def.partitionKey,
        def.sortKey,
        ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];
      expect(props.AttributeDefinitions, name).toEqual(
        expect.arrayContaining(
          [...new Set(keyNames)].map((attr) => ({ AttributeName: attr, AttributeType: 'S' })),
        ),
      );
      const indexes = def.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }));
      expect(props.GlobalSecondaryIndexes ?? [], name).toEqual(indexes);
      const ttl = 'timeToLive' in def ? def.timeToLive : undefined;
      expect(props.TimeToLiveSpecification, name).toEqual(
        ttl ? { AttributeName: ttl, Enabled: true } : undefined,
      );
    }
  });

  it('retains every resource of the data stack', () => {
    const resources = Object.entries(data.toJSON().Resources as Record<string, Resource>);
    for (const [id, resource] of resources.filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')) {
      expect(resource.DeletionPolicy, id).toBe('Retain');
      expect(resource.UpdateReplacePolicy, id).toBe('Retain');
    }
  });
});

describe('pay per use only', () => {
  const everything = () => [data, service].map((template) => JSON.stringify(template.toJSON()));

  it('has no NAT gateway, no provisioned concurrency and no provisioned throughput anywhere', () => {
    for (const template of [data, service]) {
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
    }
    for (const json of everything()) {
      expect(json).not.toContain('ProvisionedConcurrencyConfig');
      expect(json).not.toContain('ProvisionedThroughput');
      expect(json).not.toContain('PROVISIONED');
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('left nothing from AwsSolutions in the synthesized validation report', () => {
    const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName?: string; summary?: { pluginName?: string }; violations?: unknown[] }[];
    };
    const nag = report.pluginReports.filter((r) => JSON.stringify(r).includes('AwsSolutions'));
    expect(nag).toEqual([]);
  });

  it('acknowledges findings one by one, on the narrowest construct, each with a specific reason', () => {
    const acknowledgements = acknowledgementsUnder(built.app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { construct, rule, reason } of acknowledgements) {
      const where = `${rule} on ${construct.node.path}`;
      // Never in bulk: not on the app or a whole stack.
      expect(App.isApp(construct) || Stack.isStack(construct), where).toBe(false);
      expect(reason.trim().length, where).toBeGreaterThanOrEqual(60);
      expect(reason, where).not.toMatch(/^(todo|tbd|n\/a|none|ok|test|suppressed?)\b/i);
    }
    // Reasons are written for their finding, not pasted.
    const reasons = acknowledgements.map((a) => a.reason);
    expect(new Set(reasons).size).toBe(reasons.length);

    // The public routes, and only they, are acknowledged as having no authorization.
    const apig4 = acknowledgements.filter((a) => a.rule.endsWith('AwsSolutions-APIG4'));
    const publicKeys = cloudRoutes.filter((route) => route.access === 'public').map(routeKey);
    expect(apig4.map((a) => a.reason.split(' is public')[0]).sort()).toEqual(publicKeys.sort());
  });
});

describe('bundles', () => {
  /** The bundled module of a function, as the asset Lambda will run. */
  const bundleOf = (name: FunctionName) => {
    const code = resourcesOf(service, 'AWS::Lambda::Function')[functionLogicalId(name)]?.Properties?.Code as {
      S3Key: string;
    };
    return join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
  };

  it('are minified ESM with the createRequire banner and a source map', () => {
    for (const [name] of cloudFunctions) {
      const source = readFileSync(bundleOf(name), 'utf8');
      expect(source.startsWith('import { createRequire as __houseCreateRequire }'), name).toBe(true);
      expect(source, name).toContain('//# sourceMappingURL=index.mjs.map');
      expect(readFileSync(`${bundleOf(name)}.map`, 'utf8'), name).toContain('"mappings"');
    }
  });

  it('carry the CJK font beside the function that prints certificates, and beside no other', () => {
    for (const [name, def] of cloudFunctions) {
      const files = readdirSync(dirname(bundleOf(name)));
      expect(
        files.filter((file) => /\.(ttf|otf|woff2?)$/i.test(file)),
        name,
      ).toEqual(def.printsCertificates ? [CERTIFICATE_FONT.besideBundle] : []);
    }
  });

  it('run: the bundled meta handler answers GET /health like API Gateway expects', async () => {
    const { handler } = (await import(pathToFileURL(bundleOf('meta')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const event = {
      version: '2.0',
      routeKey: 'GET /health',
      rawPath: '/health',
      rawQueryString: '',
      headers: { host: 'api.example.com' },
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: 'GET',
          path: '/health',
          protocol: 'HTTP/1.1',
          sourceIp: '203.0.113.1',
          userAgent: 'vitest',
        },
        requestId: 'bundle-test',
        routeKey: 'GET /health',
        stage: '$default',
        timeEpoch: Date.now(),
      },
    };
    const context = {
      functionName: 'meta',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:cn-northwest-1:123456789012:function:meta',
      memoryLimitInMB: '512',
      awsRequestId: 'bundle-test',
      getRemainingTimeInMillis: () => 10_000,
    };
    const response = await handler(event, context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});

describe('Lambda functions from the catalog', () => {
  it('builds one nodejs24.x arm64 function per cloud function, with its own log group', () => {
    const functions = resourcesOf(service, 'AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(cloudFunctions.length);
    for (const [name, def] of cloudFunctions) {
      const props = functions[functionLogicalId(name)]?.Properties ?? {};
      expect(props.Runtime, name).toBe('nodejs24.x');
      expect(props.Architectures, name).toEqual(['arm64']);
      expect(props.Description, name).toBe(def.description);
      expect(props.Handler, name).toBe('index.handler');
      expect(props.LoggingConfig, name).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
    for (const logGroup of Object.values(resourcesOf(service, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties?.RetentionInDays).toBe(30);
    }
  });

  it('uses no AWS managed policy on any role', () => {
    for (const role of Object.values(resourcesOf(service, 'AWS::IAM::Role'))) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  const STREAM_ACTIONS = [
    'dynamodb:ListStreams',
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
  ];

  it('grants each function exactly its tables, with the actions of its access and no Scan', () => {
    for (const [name, def] of cloudFunctions) {
      const fn = built.service.functions.get(name);
      if (!fn) throw new Error(`no function ${name}`);
      const statements = statementsOfRole(service, logicalId(fn.role));
      // Table statements; the notifier's stream reading is checked in notice-stream.test.ts, and
      // appending to the audit trail (a PutItem confined to its partitions) in audit-trail.test.ts.
      const dynamo = statements.filter(
        (s) =>
          asArray(s.Action).some((action) => action.startsWith('dynamodb:')) &&
          !asArray(s.Action).every((action) => STREAM_ACTIONS.includes(action)) &&
          !JSON.stringify(s.Condition ?? {}).includes('dynamodb:LeadingKeys'),
      );
      const granted = Object.entries(def.tables) as [TableName, TableAccess][];
      expect(dynamo, name).toHaveLength(granted.length);

      for (const [table, access] of granted) {
        const tableId = logicalId(built.data.tables[table]);
        const statement = dynamo.find((s) => JSON.stringify(s.Resource).includes(tableId));
        expect(statement, `${name} -> ${table}`).toBeDefined();
        const actions = asArray(statement?.Action ?? []);
        expect(actions).toContain('dynamodb:Query');
        if (access === 'read')
          expect(
            actions.filter((a) => /Put|Update|Delete|Write/.test(a)),
            name,
          ).toEqual([]);
        else
          expect(actions, name).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
        // The table and its named indexes, nothing else (no other table, no index wildcard).
        const resources = asArray(statement?.Resource);
        expect(resources, `${name} -> ${table}`).toHaveLength(1 + TABLES[table].indexes.length);
        for (const other of Object.keys(TABLES).filter((t) => t !== table) as TableName[]) {
          expect(JSON.stringify(resources)).not.toContain(logicalId(built.data.tables[other]));
        }
      }
      for (const statement of statements) {
        for (const action of asArray(statement.Action)) {
          expect(action, name).not.toContain('*');
          expect(action, name).not.toBe('dynamodb:Scan');
        }
      }
      // SES only where the catalog says the function sends mail.
      if (def.sendsMail) expect(JSON.stringify(statements), name).toContain('ses:SendEmail');
      else expect(JSON.stringify(statements), name).not.toContain('ses:');
    }
  });

  it('gives the meta function no DynamoDB access and organizations only plans, registrations (the outbox) and idempotency', () => {
    const meta = statementsOfRole(
      service,
      logicalId(built.service.functions.get('meta')?.role as IConstruct),
    );
    expect(JSON.stringify(meta)).not.toContain('dynamodb:');

    const orgs = statementsOfRole(
      service,
      logicalId(built.service.functions.get('organizations')?.role as IConstruct),
    );
    const named = (Object.keys(TABLES) as TableName[]).filter((table) =>
      JSON.stringify(orgs).includes(logicalId(built.data.tables[table])),
    );
    expect(named.sort()).toEqual(['idempotency', 'plans', 'registrations']);
  });

  it('passes each function the names of its tables, and only those', () => {
    const functions = resourcesOf(service, 'AWS::Lambda::Function');
    for (const [name, def] of cloudFunctions) {
      const variables = (
        (functions[functionLogicalId(name)]?.Properties?.Environment ?? { Variables: {} }) as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      const tableVars = Object.keys(variables).filter((key) => key.startsWith('TABLE_'));
      const expected = (Object.keys(def.tables) as TableName[]).map((table) => TABLES[table].envVar);
      expect(tableVars.sort(), name).toEqual(expected.sort());
      for (const table of Object.keys(def.tables) as TableName[]) {
        expect(JSON.stringify(variables[TABLES[table].envVar])).toContain(
          logicalId(built.data.tables[table]),
        );
      }
      // Source maps are read at load only when asked for (house:sourceMaps): they cost cold starts.
      expect(variables.NODE_OPTIONS).toBeUndefined();
      expect(variables.SERVICE_NAME).toBe(name);
    }
  });
});

describe('certificate signing grants from the catalog', () => {
  const environmentOf = (name: FunctionName) =>
    (
      (resourcesOf(service, 'AWS::Lambda::Function')[functionLogicalId(name)]?.Properties?.Environment ?? {
        Variables: {},
      }) as { Variables: Record<string, unknown> }
    ).Variables;
  const kmsStatementsOf = (name: FunctionName) => {
    const fn = built.service.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return statementsOfRole(service, logicalId(fn.role)).filter((s) =>
      asArray(s.Action).some((action) => action.startsWith('kms:')),
    );
  };
  /** The signing key's ARN as the service stack sees it: imported from the data stack. */
  const signingKeyArn = () => {
    const arn = environmentOf('certificates').SIGNING_KEY_ID as { 'Fn::ImportValue': string };
    expect(arn).toEqual({ 'Fn::ImportValue': expect.stringContaining(logicalId(built.data.signingKey)) });
    expect(arn['Fn::ImportValue']).toMatch(/Arn/);
    return arn;
  };

  it('has signers and verifiers in the catalog to check', () => {
    const names = cloudFunctions.filter(([, def]) => def.signs || def.verifies).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['results', 'certificates', 'verification']));
  });

  it('lets each signing function Sign and GetPublicKey on the signing key, and nothing else of KMS', () => {
    for (const [name] of cloudFunctions.filter(([, def]) => def.signs)) {
      expect(kmsStatementsOf(name), name).toEqual([
        { Effect: 'Allow', Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: signingKeyArn() },
      ]);
      expect(environmentOf(name).SIGNING_KEY_ID, name).toEqual(signingKeyArn());
    }
  });

  it('tells each verifying function the signing key, but grants it no KMS action (it reads published keys)', () => {
    const verifiers = cloudFunctions.filter(([, def]) => def.verifies && !def.signs);
    expect(verifiers.length).toBeGreaterThan(0);
    for (const [name, def] of verifiers) {
      expect(kmsStatementsOf(name), name).toEqual([]);
      expect(environmentOf(name).SIGNING_KEY_ID, name).toEqual(signingKeyArn());
      expect(def.tables.certificates, name).toBeDefined();
    }
    // Signers publish into the certificates table, so they write it.
    for (const [name, def] of cloudFunctions.filter(([, def]) => def.signs))
      expect(def.tables.certificates, name).toBe('readWrite');
  });

  it('gives functions that neither sign nor verify no KMS action and no signing key', () => {
    const others = cloudFunctions.filter(([, def]) => !def.signs && !def.verifies);
    expect(others.length).toBeGreaterThan(0);
    for (const [name] of others) {
      expect(kmsStatementsOf(name), name).toEqual([]);
      expect(environmentOf(name).SIGNING_KEY_ID, name).toBeUndefined();
    }
  });

  it('lists no previous keys when none are configured', () => {
    for (const [name] of cloudFunctions) {
      expect(environmentOf(name).SIGNING_PREVIOUS_KEY_IDS, name).toBeUndefined();
    }
  });

  it("relies on the key's default policy, which delegates to IAM in this account", () => {
    const key = resourcesOf(data, 'AWS::KMS::Key')[logicalId(built.data.signingKey)];
    expect(key?.Properties?.KeyPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'kms:*',
          Resource: '*',
          Principal: {
            AWS: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
              ],
            },
          },
        },
      ],
    });
  });

  it('tells every function the web app address for links, by default the placeholder domain', () => {
    for (const [name] of cloudFunctions) {
      expect(environmentOf(name).APP_URL, name).toBe('https://knowledge-renewal.example.gov.cn');
    }
  });
});

describe('signing key, reports bucket, user pool', () => {
  it('signs with an ECC P-256 KMS key (ES256), retained', () => {
    data.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
    });
    data.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/gx-knowledge-renewal/certificate-signing',
    });
  });

  it('keeps reports in a private, TLS-only, versioned, encrypted, access-logged bucket', () => {
    const bucketId = logicalId(built.data.reportsBucket);
    const props = resourcesOf(data, 'AWS::S3::Bucket')[bucketId]?.Properties;
    expect(props).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [expect.anything()] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('has a user pool with admin-created accounts, a strong password policy and the orgId attribute', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'orgId', AttributeDataType: 'String' })]),
    });
  });

  it('has one group per role', () => {
    const groups = Object.values(resourcesOf(data, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties?.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups) {
      expect(group.Properties?.UserPoolId).toEqual({ Ref: logicalId(present(built.data.userPool)) });
    }
  });

  it('has a public SRP app client that cannot write custom:orgId', () => {
    const [client] = Object.values(resourcesOf(data, 'AWS::Cognito::UserPoolClient'));
    expect(client?.Properties).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']),
      ReadAttributes: expect.arrayContaining(['custom:orgId']),
    });
    expect(client?.Properties?.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client?.Properties?.WriteAttributes).not.toContain('custom:orgId');
  });
});
