/**
 * The verification page in the cloud: a private, TLS-only bucket that CloudFront alone reads
 * (origin access control), HTTPS only, the page's CSP and security headers, the page deployed
 * with the API's address beside it, and cdk-nag clean. Built alone (fast), then inside the app.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { VerifySiteStack } from '#infra/cloud/verify-site';
import { FUNCTIONS, type FunctionDef } from '#shared/functions';
import { VERIFY_PAGE_FILES } from '../../web/verify-page';
import {
  acknowledgementsUnder,
  buildUnbundled,
  logicalId,
  type Resource,
  unacknowledgedFindings,
} from '../support/cdk';

type Json = Record<string, unknown>;

const API = 'https://abc123.execute-api.ap-east-1.amazonaws.com';

let app: App;
let site: VerifySiteStack;
let template: Template;
let assemblyDir: string;

beforeAll(() => {
  app = new App();
  site = new VerifySiteStack(new Stack(app, 'Parent'), 'VerifySite', { apiEndpoint: API });
  // As buildApp does: an unacknowledged finding fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  assemblyDir = app.synth().directory;
  template = Template.fromStack(site);
});

/** The properties of the one resource of `type`. */
function only(type: string): Json {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return (found[0]?.Properties ?? {}) as Json;
}
const distributionConfig = () => (only('AWS::CloudFront::Distribution').DistributionConfig ?? {}) as Json;

describe('the site bucket', () => {
  it('is private, encrypted, TLS-only and owner-enforced', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only this distribution read it, through origin access control', () => {
    const document = (only('AWS::S3::BucketPolicy').PolicyDocument ?? {}) as { Statement: Json[] };
    expect(document.Statement.filter((statement) => statement.Effect === 'Allow')).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                expect.arrayContaining([':distribution/', { Ref: logicalId(site.site.distribution) }]),
              ],
            },
          },
        },
      }),
    ]);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    const origins = (distributionConfig().Origins as Json[]).filter((origin) => origin.S3OriginConfig);
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({
      OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });
});

describe('the distribution', () => {
  const behavior = () => (distributionConfig().DefaultCacheBehavior ?? {}) as Json;

  it('redirects HTTP to HTTPS and serves only GET and HEAD', () => {
    expect(behavior()).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
    });
  });

  it('sends the CSP (scripts from itself, connections to itself only) and security headers', () => {
    const config = (only('AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig ?? {}) as Json;
    expect(behavior().ResponseHeadersPolicyId).toEqual({
      Ref: Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0],
    });
    const headers = (config.SecurityHeadersConfig ?? {}) as Record<string, Json>;
    const csp = String(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('execute-api');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000 });
  });

  it('forwards /public/* to the API over HTTPS, uncached, so the page calls its own origin', () => {
    const config = distributionConfig();
    const behaviors = config.CacheBehaviors as Json[];
    expect(behaviors).toHaveLength(1);
    const [publicApi] = behaviors as [Json];
    expect(publicApi).toMatchObject({
      PathPattern: '/public/*',
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
      // AWS managed policies: CachingDisabled, AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const origin = (config.Origins as Json[]).find((candidate) => candidate.Id === publicApi.TargetOriginId);
    expect(origin).toMatchObject({
      DomainName: new URL(API).host,
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('maps /verify to the page and the bare domain to /verify, at the edge', () => {
    const fn = only('AWS::CloudFront::Function') as { FunctionCode: string; FunctionConfig: unknown };
    expect(fn.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    const handler = new Function(`${fn.FunctionCode}; return handler;`)() as (event: unknown) => {
      uri?: string;
      statusCode?: number;
      headers?: Record<string, { value: string }>;
    };
    const viewer = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(viewer('/verify').uri).toBe('/verify/index.html');
    expect(viewer('/verify/').uri).toBe('/verify/index.html');
    expect(viewer('/verify/app.js').uri).toBe('/verify/app.js');
    expect(viewer('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/verify' } } });
  });
});

describe('the deployment', () => {
  it('copies the page and config.json under verify/, with cache headers, and invalidates /verify*', () => {
    const deployment = only('Custom::CDKBucketDeployment');
    expect(deployment).toMatchObject({
      DestinationBucketName: { Ref: logicalId(site.site.bucket) },
      DestinationBucketKeyPrefix: 'verify/',
      DistributionId: { Ref: logicalId(site.site.distribution) },
      DistributionPaths: ['/verify*'],
      Prune: true,
      RetainOnDelete: false,
      SystemMetadata: { 'cache-control': 'public, max-age=300' },
    });
    expect(deployment.SourceObjectKeys).toHaveLength(2);
  });

  it("deploys exactly the page's files, and a config sending it to its own origin", () => {
    const staged = readdirSync(assemblyDir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assemblyDir, name))
      .filter((path) => !path.endsWith('.zip') && !path.endsWith('.json'));
    const listings = staged.map((path) => {
      try {
        return readdirSync(path).sort();
      } catch {
        return [];
      }
    });
    expect(listings).toContainEqual(Object.keys(VERIFY_PAGE_FILES).sort());
    const configs = staged.filter((_, index) => listings[index]?.includes('config.json'));
    expect(configs).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(configs[0] as string, 'config.json'), 'utf8'))).toEqual({
      apiBase: '',
    });
  });

  it("runs under a role of ours without AWS managed policies, logging into a month's log group", () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role')) as Resource[]) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('DeploymentLogs') } },
    });
  });

  it('prints the page URL', () => {
    expect(template.findOutputs('VerifyPageUrl').VerifyPageUrl?.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalId(site.site.distribution), 'DomainName'] }, '/verify'],
      ],
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged', () => {
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('acknowledges each finding on its own construct, never a stack', () => {
    const acknowledged = acknowledgementsUnder(app);
    for (const { construct, rule } of acknowledged) expect(Stack.isStack(construct), rule).toBe(false);
    const ids = acknowledged.map(({ rule }) => rule);
    for (const rule of ['CFR1', 'CFR2', 'CFR3', 'CFR4', 'S1', 'L1']) {
      expect(
        ids.some((id) => id.endsWith(`AwsSolutions-${rule}`)),
        rule,
      ).toBe(true);
    }
  });
});

describe('in the app', () => {
  let built: KnowledgeRenewalApp;

  beforeAll(() => {
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    built = buildUnbundled();
    built.app.synth();
  });

  it("is a nested stack of the service, handed the API's endpoint as a parameter, not an export", () => {
    const service = Template.fromStack(built.service);
    const nested = Object.values(service.findResources('AWS::CloudFormation::Stack')) as Resource[];
    expect(nested).toHaveLength(1);
    expect(Object.values(nested[0]?.Properties?.Parameters ?? {})).toEqual([
      { 'Fn::GetAtt': [logicalId(built.service.api), 'ApiEndpoint'] },
    ]);
    expect(Object.values(service.findOutputs('*')).filter((output) => 'Export' in output)).toEqual([]);
    // The distribution forwards /public/* there.
    const [parameter] = Object.keys(nested[0]?.Properties?.Parameters ?? {});
    if (!built.verifySite) throw new Error('buildApp built no verification site');
    const inside = Template.fromStack(built.verifySite);
    expect(JSON.stringify(inside.findResources('AWS::CloudFront::Distribution'))).toContain(
      JSON.stringify({ 'Fn::Split': ['/', { Ref: parameter }] }),
    );
  });

  it('tells the functions that make or print certificates where the page is, so QR codes lead to it', () => {
    const service = Template.fromStack(built.service);
    const nestedId = Object.keys(service.findResources('AWS::CloudFormation::Stack'))[0] as string;
    const functions = service.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    const withOrigin = Object.values(functions)
      .map((fn) => fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      .filter((environment) => environment?.Variables?.VERIFY_PAGE_ORIGIN !== undefined)
      .map((environment) => environment?.Variables ?? {});
    expect(withOrigin.map((variables) => variables.SERVICE_NAME).sort()).toEqual(
      Object.entries(FUNCTIONS)
        .filter(([, def]) => (def as FunctionDef).signs || (def as FunctionDef).printsCertificates)
        .map(([name]) => name)
        .sort(),
    );
    for (const variables of withOrigin) {
      // https:// and the distribution's domain, read from the nested stack's outputs.
      expect(JSON.stringify(variables.VERIFY_PAGE_ORIGIN)).toContain(`"Fn::GetAtt":["${nestedId}",`);
    }
  });

  it('keeps cdk-nag clean across the whole app', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });
});
