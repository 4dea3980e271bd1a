/**
 * The CDK app: the data stack (what must outlive a deploy) and the service stack, checked by
 * cdk-nag's AwsSolutions pack at synth. `cdk synth` runs this file; tests call `buildApp`. The
 * deployment profile (infra/cloud/profile.ts: global, or the China regions) is chosen here once.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { DataStack } from './data-stack';
import { type DeploymentProfile, deploymentProfile } from './profile';
import { ServiceStack, type ServiceStackProps } from './service-stack';
import { VerifySiteStack } from './verify-site';

export interface BuildAppOptions
  extends Pick<
    ServiceStackProps,
    | 'functions'
    | 'routes'
    | 'jobs'
    | 'senderIdentity'
    | 'mailSenderName'
    | 'mailSignature'
    | 'previousSigningKeyArns'
    | 'appUrl'
    | 'alarmEmail'
    | 'corsAllowedOrigins'
    | 'reservedConcurrency'
  > {
  appProps?: AppProps;
}

export interface KnowledgeRenewalApp {
  app: App;
  data: DataStack;
  service: ServiceStack;
  /**
   * The certificate verification page on CloudFront: a nested stack of the service stack (built by
   * buildApp); absent where the profile serves the page from the API.
   */
  verifySite?: VerifySiteStack;
  profile: DeploymentProfile;
}

// Feature flags set here rather than in cdk.json, so that tests (which build the app in process,
// without the CLI's context) synthesize exactly what `cdk synth` does.
const FEATURE_FLAGS = {
  // Server access logs delivered under a bucket policy, not the legacy LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Strong references: CloudFormation refuses to remove a data export the service still uses.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export function buildApp(options: BuildAppOptions = {}): KnowledgeRenewalApp {
  const { appProps, ...serviceOptions } = options;
  const app = new App({ ...appProps, context: { ...FEATURE_FLAGS, ...appProps?.context } });
  // Unset on a machine without an account: the stacks then synthesize environment-agnostic.
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  const profile = deploymentProfile((key) => app.node.tryGetContext(key));
  const data = new DataStack(app, 'KnowledgeRenewal-Data', {
    env,
    description:
      profile.identity.kind === 'cognito'
        ? 'Guangxi Knowledge Renewal Program: tables, reports bucket, signing key, user pool'
        : 'Guangxi Knowledge Renewal Program: tables, reports bucket, signing key',
    identity: profile.identity.kind,
  });
  const service = new ServiceStack(app, 'KnowledgeRenewal-Service', {
    env,
    description:
      'Guangxi Knowledge Renewal Program: functions, HTTP API, schedules, mailer, dead-letter reports',
    data,
    profile,
    ...serviceOptions,
  });
  // Nested, so that the API's address reaches it as a parameter, not as an export of the service.
  const verifySite =
    profile.verifyPage === 'cloudfront'
      ? new VerifySiteStack(service, 'VerifySite', {
          description: 'Guangxi Knowledge Renewal Program: certificate verification page (S3 + CloudFront)',
          apiEndpoint: service.api.apiEndpoint,
        })
      : undefined;
  const pageOrigin = verifySite?.site.origin ?? service.verifyPage?.origin;
  if (!pageOrigin) throw new Error('The verification page is served neither by CloudFront nor by the API');
  // QR codes lead to the page where this deployment serves it. Only the functions that make
  // certificates or print them need to know; a reference into the nested stack, not the other way round.
  const catalog: Readonly<Record<FunctionName, FunctionDef>> = serviceOptions.functions ?? FUNCTIONS;
  for (const [name, fn] of service.functions) {
    if (catalog[name].signs || catalog[name].printsCertificates)
      fn.function.addEnvironment('VERIFY_PAGE_ORIGIN', pageOrigin);
  }
  // cdk-nag 3.x is a policy validation plugin: unacknowledged errors fail the synth, and every
  // finding (acknowledged ones with their reason) is written to the assembly's validation report.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, service, verifySite, profile };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) buildApp();
