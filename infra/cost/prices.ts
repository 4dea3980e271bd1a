/**
 * List prices of one region, for the idle report and the request cost model (`npm run cost`).
 *
 * Region: nothing in the app fixes one (`CDK_DEFAULT_REGION` decides at deploy), so the figures
 * are those of Asia Pacific (Singapore), ap-southeast-1: a region with every service used here
 * (SES included, which Hong Kong, ap-east-1, lacks) and close to Guangxi.
 *
 * Every figure is a list price, without free tier, in US dollars, as published on the AWS pricing
 * page named beside it (2025; see PRICE_DATE). They were not read live from the Price List API:
 * check them against those pages before quoting the totals. Tiered prices are the first tier,
 * which covers everything up to 10 million requests a month.
 */

export const REGION = 'ap-southeast-1';
export const REGION_NAME = 'Asia Pacific (Singapore)';
/** When these list prices were published (as last known; not fetched live). */
export const PRICE_DATE = '2025-12';

export const PRICES = {
  lambda: {
    // https://aws.amazon.com/lambda/pricing/ (Arm; INIT is billed like the handler since 2025-08-01)
    /** Per GB-second, Arm (Graviton), first 7.5 billion GB-s a month. */
    gbSecondArm: 0.0000133334,
    /** Per request. */
    request: 0.2 / 1_000_000,
  },
  apiGateway: {
    // https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million a month, 512 KB units)
    httpRequest: 1.0 / 1_000_000,
    // REST API cache, 0.5 GB, per hour (for the idle classifier only).
    restCache05GbHour: 0.02,
  },
  dynamodb: {
    // https://aws.amazon.com/dynamodb/pricing/on-demand/ (Standard table class; after the
    // 2024-11-01 on-demand price cut)
    /** Per write request unit (1 KB; a transactional write is 2). */
    writeRequestUnit: 0.7115 / 1_000_000,
    /** Per read request unit (4 KB strongly consistent; eventually consistent 1/2, transactional 2). */
    readRequestUnit: 0.1425 / 1_000_000,
    /** Per GB-month of table and index data (the first 25 GB are free: not counted here). */
    storageGbMonth: 0.285,
    /** Continuous backups (PITR), per GB-month of table data. */
    pitrGbMonth: 0.228,
    // https://aws.amazon.com/dynamodb/pricing/provisioned/ (for the idle classifier only)
    provisionedWcuHour: 0.000742,
    provisionedRcuHour: 0.0001484,
  },
  s3: {
    // https://aws.amazon.com/s3/pricing/ (S3 Standard, first 50 TB)
    storageGbMonth: 0.025,
    /** PUT, COPY, POST, LIST, per request. */
    putRequest: 0.005 / 1_000,
    /** GET, SELECT and all other, per request. */
    getRequest: 0.0004 / 1_000,
  },
  kms: {
    // https://aws.amazon.com/kms/pricing/
    /** Each customer managed key (symmetric or asymmetric), per month. */
    keyMonth: 1.0,
    /** Asymmetric requests except RSA 2048 (ECC P-256 Sign, GetPublicKey), per request. */
    asymmetricRequest: 0.15 / 10_000,
    /** Symmetric requests, per request. */
    symmetricRequest: 0.03 / 10_000,
  },
  cloudWatch: {
    // https://aws.amazon.com/cloudwatch/pricing/ (Logs: Standard class; vended Lambda logs' first tier)
    logIngestionGb: 0.7,
    /** Archived (stored) logs, per GB-month (billed compressed). */
    logStorageGbMonth: 0.033,
    /** Standard-resolution alarm, per alarm metric per month. */
    alarmMetricMonth: 0.1,
    /** High-resolution alarm (period under 60 s), per alarm metric per month. */
    highResolutionAlarmMetricMonth: 0.3,
    compositeAlarmMonth: 0.5,
    /** Per dashboard per month (the first three are free: not counted here). */
    dashboardMonth: 3.0,
    /** Contributor Insights rule, per month. */
    insightRuleMonth: 0.5,
  },
  sqs: {
    // https://aws.amazon.com/sqs/pricing/ (standard queues, 64 KB chunks)
    request: 0.4 / 1_000_000,
  },
  sns: {
    // https://aws.amazon.com/sns/pricing/
    publish: 0.5 / 1_000_000,
    emailNotification: 2.0 / 100_000,
  },
  scheduler: {
    // https://aws.amazon.com/eventbridge/pricing/ (Scheduler: invocations; 14 million a month free)
    invocation: 1.0 / 1_000_000,
  },
  ses: {
    // https://aws.amazon.com/ses/pricing/ (outbound email, sent from Lambda)
    mail: 0.1 / 1_000,
  },
  cognito: {
    // https://aws.amazon.com/cognito/pricing/ (Essentials feature plan, direct sign-in)
    /** Per monthly active user beyond the free ones. */
    essentialsMau: 0.015,
    /** Monthly active users free on the Essentials plan every month (not a 12-month offer). */
    essentialsFreeMau: 10_000,
  },
  cloudFront: {
    // https://aws.amazon.com/cloudfront/pricing/ (pay as you go; Hong Kong, Philippines, Singapore,
    // South Korea, Taiwan, Thailand edges, which serve Guangxi; first 10 TB)
    dataTransferGb: 0.14,
    httpsRequest: 0.012 / 10_000,
  },
  dataTransfer: {
    // https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer (out to the internet, first
    // 10 TB; API Gateway responses are billed at this rate)
    outGb: 0.12,
  },
  // Billed by the hour or month whatever the traffic: for the idle classifier's estimates only.
  idle: {
    // https://aws.amazon.com/secrets-manager/pricing/
    secretMonth: 0.4,
    // https://aws.amazon.com/route53/pricing/ (first 25 hosted zones)
    hostedZoneMonth: 0.5,
    // https://aws.amazon.com/vpc/pricing/ (NAT gateway hour; data processed extra)
    natGatewayHour: 0.059,
    // https://aws.amazon.com/privatelink/pricing/ (interface endpoint, per AZ hour)
    interfaceEndpointAzHour: 0.012,
    // https://aws.amazon.com/vpc/pricing/ (public IPv4 address, per hour)
    publicIpv4Hour: 0.005,
    // https://aws.amazon.com/elasticloadbalancing/pricing/ (ALB or NLB hour, LCUs extra)
    loadBalancerHour: 0.0252,
    // https://aws.amazon.com/waf/pricing/ (web ACL per month, rules extra)
    webAclMonth: 5.0,
    // https://aws.amazon.com/ssm/pricing/ (advanced parameter per month)
    advancedParameterMonth: 0.05,
    // https://aws.amazon.com/kinesis/data-streams/pricing/ (provisioned shard hour)
    kinesisShardHour: 0.018,
  },
} as const;

/** Hours in an average month (8,760 / 12), as AWS's calculator counts them. */
export const HOURS_PER_MONTH = 730;
export const GIB = 1024 ** 3;
