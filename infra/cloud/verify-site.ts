/**
 * The certificate verification page in the cloud: the files of `web/verify/` in a private bucket,
 * served by CloudFront through Origin Access Control at `https://<distribution>/verify`. The same
 * distribution forwards `/public/*` to the HTTP API, so the page calls its own origin, as on the
 * local server: the API needs no CORS for it, and the page's CSP connects to itself only. (A CORS
 * rule naming the distribution could not exist anyway: the distribution needs the API's address,
 * and the API's CORS rule would need the distribution's.) Static, so it costs only requests and a
 * few kilobytes of storage. A nested stack of the service stack: it needs the API's address, and
 * nesting passes it as a parameter without adding an export to the service.
 */
import {
  CfnOutput,
  Duration,
  Fn,
  NestedStack,
  type NestedStackProps,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  VERIFY_CONFIG_FILE,
  VERIFY_PAGE_DIR,
  VERIFY_PAGE_MAX_AGE_SECONDS,
  VERIFY_PATH,
  type VerifyPageConfig,
  verifyPageCsp,
} from '../../web/verify-page';

/**
 * A deployment source whose handler may read its own zip in the CDK asset bucket, not every object
 * there. That bucket's name holds the account and region, so the wildcard grant BucketDeployment
 * makes is a cdk-nag finding whose name changes with the region `cdk synth` runs in: no fixed
 * acknowledgement can match it, and a grant on the one key raises no finding at all. The source's
 * own grant goes to an immutable view of the role, which writes nothing.
 */
function readingOnlyItsZip(source: s3deploy.ISource): s3deploy.ISource {
  return {
    bind(scope, context) {
      if (!context) throw new Error('A deployment source is bound with the role of its handler');
      let view = 1;
      while (scope.node.tryFindChild(`SourceGrantSink${view}`)) view++;
      const sink = iam.Role.fromRoleArn(scope, `SourceGrantSink${view}`, context.handlerRole.roleArn, {
        mutable: false,
      });
      const config = source.bind(scope, { handlerRole: sink });
      config.bucket.grantRead(context.handlerRole, config.zipObjectKey);
      return config;
    },
  };
}

/**
 * `/public/*` to the HTTP API: every method (verification is a POST), never cached (a revocation
 * shows at once), the viewer's headers but Host, which API Gateway needs to be its own.
 */
function publicApiBehavior(apiEndpoint: string): cloudfront.BehaviorOptions {
  const apiDomain = Fn.select(2, Fn.split('/', apiEndpoint));
  return {
    origin: new origins.HttpOrigin(apiDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    }),
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
  };
}

export interface VerifySiteProps {
  /** The HTTP API's endpoint, `https://<id>.execute-api.<region>.<suffix>`, where `/public/*` goes. */
  readonly apiEndpoint: string;
}

/** The API's public routes (docs/api.md: no token), which the page calls on its own origin. */
export const PUBLIC_API_PATTERN = '/public/*';

// S3 has no index document behind OAC: the page's path is mapped to its file at the edge, and the
// bare domain leads to the page. (CloudFront Functions run per request: no idle cost.)
const REWRITE_FUNCTION = `
function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${VERIFY_PATH}' } } };
  }
  if (request.uri === '${VERIFY_PATH}' || request.uri === '${VERIFY_PATH}/') {
    request.uri = '${VERIFY_PATH}/index.html';
  }
  return request;
}`;

export class VerifySite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly deployment: s3deploy.BucketDeployment;
  /** `https://<distribution domain>/verify`: where QR links must lead (`appUrl` + `/verify`). */
  /** `https://<distribution domain>`: QR links lead to `<origin>/verify#token=…`. */
  readonly origin: string;
  readonly pageUrl: string;

  constructor(scope: Construct, id: string, props: VerifySiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Holds only files rebuilt from the repository by every deploy (the deployment empties it
      // on delete, see retainOnDelete below).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The verification page bucket holds only the four static files of a public page and its config, ' +
        'written by the deployment alone and read only by CloudFront through origin access control; ' +
        'server access logs would record nothing but CloudFront fetching those files.',
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Certificate verification page: CSP (its own origin only) and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: verifyPageCsp(), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: false,
          override: true,
        },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Guangxi Knowledge Renewal Program: certificate verification page',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PagePath', {
              comment: 'Serves /verify from verify/index.html and sends / to /verify',
              code: cloudfront.FunctionCode.fromInline(REWRITE_FUNCTION),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: { [PUBLIC_API_PATTERN]: publicApiBehavior(props.apiEndpoint) },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Hong Kong, Singapore, ...): the edges nearest Guangxi included.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    });
    this.acknowledgeDistribution();

    // The deployment's function writes to this bucket and invalidates this distribution; its role
    // is ours so that it carries no AWS managed policy, and its logs expire.
    const deploymentLogs = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deploymentRole = new iam.Role(this, 'DeploymentRole', {
      description: 'Copies the verification page into its bucket and invalidates CloudFront',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    deploymentLogs.grantWrite(deploymentRole);

    // The API is reached through this origin (PUBLIC_API_PATTERN).
    const config: VerifyPageConfig = { apiBase: '' };
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [
        readingOnlyItsZip(s3deploy.Source.asset(VERIFY_PAGE_DIR)),
        readingOnlyItsZip(s3deploy.Source.jsonData(VERIFY_CONFIG_FILE, config)),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${VERIFY_PATH.slice(1)}/`,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.seconds(VERIFY_PAGE_MAX_AGE_SECONDS)),
      ],
      distribution: this.distribution,
      distributionPaths: [`${VERIFY_PATH}*`],
      retainOnDelete: false,
      role: deploymentRole,
      logGroup: deploymentLogs,
      // Copies a few kilobytes; the default (1 GB) is sized for large sites.
      memoryLimit: 256,
    });
    this.acknowledgeDeployment(deploymentRole);

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.pageUrl = `${this.origin}${VERIFY_PATH}`;
  }

  private acknowledgeDistribution(): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Certificates are checked by employers and agencies wherever the holder applies, in China and ' +
        'abroad; the page is public by design, so there is no country to block.',
    });
    distribution.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'A WAF web ACL is billed monthly whether used or not, against the pay-per-use rule; the distribution ' +
        'serves four static files, and the API it calls has its own stage throttling.',
    });
    distribution.acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Only static files are served, the certificate token stays in the URL fragment (never sent), and ' +
        'the API calls the page makes are access-logged by the HTTP API stage; edge logs would add nothing.',
    });
    distribution.acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot be pinned to TLS 1.2; a custom domain with an ACM ' +
        'certificate (a deployment decision outside this stack) lifts the minimum to TLSv1.2_2021.',
    });
  }

  /**
   * BucketDeployment's own grants to the role we gave it, one finding at a time: reading the CDK
   * asset bucket (the page's zip), writing this bucket's objects, invalidating CloudFront.
   */
  private acknowledgeDeployment(role: iam.Role): void {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error('The deployment role has no policy to acknowledge');
    const stack = Stack.of(this);
    const [bucketId] = (stack.resolve(this.bucket.bucketArn) as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ];
    const findings: Record<string, string> = {
      'Action::s3:GetObject*':
        'The deployment function reads the zipped page from the CDK asset bucket and, with s3:GetObject*, ' +
        'the files already in the site bucket to compare them; BucketDeployment grants both together.',
      'Action::s3:GetBucket*':
        'BucketDeployment lets its function read the location and settings of the asset bucket and the site ' +
        'bucket (s3:GetBucket*), which the AWS CLI sync it runs asks for; these are reads of two buckets only.',
      'Action::s3:List*':
        'The deployment syncs the page with the AWS CLI, which lists the site bucket to prune files removed ' +
        'from web/verify and lists the asset bucket to find the zip; listing is limited to these two buckets.',
      'Action::s3:DeleteObject*':
        'Deleting objects is how the deployment prunes files no longer in web/verify and empties the site ' +
        'bucket when the stack is deleted (retainOnDelete false); it applies to the site bucket only.',
      'Action::s3:Abort*':
        'The AWS CLI may upload in parts and abort an unfinished upload (s3:Abort*); the grant comes with ' +
        "BucketDeployment's write access and covers objects of the site bucket alone.",
      [`Resource::<${bucketId}.Arn>/*`]:
        'The deployment writes the page under verify/ in its own site bucket: the object wildcard is that ' +
        'bucket, which holds only the page and its config, no personal data.',
      'Resource::*':
        'cloudfront:CreateInvalidation and GetInvalidation, granted by BucketDeployment on every distribution ' +
        'because it names no ARN; the function only ever invalidates /verify* of this distribution after a deploy.',
    };
    for (const [finding, reason] of Object.entries(findings)) {
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
    // The function itself is a singleton of the stack, outside this construct.
    const deploymentFunction = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!deploymentFunction) throw new Error('BucketDeployment created no function');
    Validations.of(deploymentFunction).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "BucketDeployment's function runs only during a deploy, on the Python runtime aws-cdk-lib pins for it " +
        '(with the AWS CLI layer built for that runtime); it moves to a newer one when aws-cdk-lib is updated.',
    });
  }
}

export interface VerifySiteStackProps extends NestedStackProps, VerifySiteProps {}

/** The site as a nested stack of the service stack; prints the page's URL. */
export class VerifySiteStack extends NestedStack {
  readonly site: VerifySite;

  constructor(scope: Construct, id: string, props: VerifySiteStackProps) {
    super(scope, id, props);
    this.site = new VerifySite(this, 'Site', { apiEndpoint: props.apiEndpoint });
    new CfnOutput(this, 'VerifyPageUrl', {
      description: 'The certificate verification page, where the QR codes of certificates lead',
      value: this.site.pageUrl,
    });
  }
}
