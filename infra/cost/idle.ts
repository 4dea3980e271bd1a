/**
 * What every resource of a CloudFormation template costs while no request arrives. Pure: reads
 * the template's JSON (as `cdk synth` writes it), knows resource types, not this app.
 *
 * - `none`: billed per use only (or free): functions, APIs, queues, topics, roles, user pools...
 * - `storage`: billed for what it holds (tables with PITR, buckets, log groups): $0 when empty;
 * - `key`: a customer managed KMS key, billed by the month;
 * - `scheduled`: a schedule that runs its target a fixed number of times a month, at a few cents;
 * - `idle-charge`: billed by the hour or month, or polling, whatever the traffic: not allowed;
 * - `unknown`: a type missing from the table below: not allowed until someone classifies it.
 */
import { HOURS_PER_MONTH, PRICES } from './prices';
import { runsPerMonth } from './schedules';

export type IdleClass = 'none' | 'storage' | 'key' | 'scheduled' | 'idle-charge' | 'unknown';

/** The classes that fail the report (`npm run cost` exits 1). */
export const FAILING_CLASSES: readonly IdleClass[] = ['idle-charge', 'unknown'];

export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CfnTemplateJson {
  Resources?: Record<string, CfnResourceJson>;
  [key: string]: unknown;
}

export interface Classified {
  logicalId: string;
  type: string;
  idle: IdleClass;
  /** Why, in a few words; for `storage`, what a GB of it costs. */
  reason: string;
  /**
   * What it costs a month with no request, in USD (list price, no free tier): storage at 0 bytes
   * for `storage`; null when it depends on a size the template does not give (an instance type).
   */
  monthlyUsd: number | null;
  /** Runs per average month, for `scheduled`. */
  runsPerMonth?: number;
}

type Verdict = Omit<Classified, 'logicalId' | 'type'>;
type Props = Record<string, unknown>;
type Rule = Verdict | ((props: Props, template: CfnTemplateJson) => Verdict);

/** A job with nothing to do still starts its function: about a second of it per run. */
export const IDLE_JOB_RUN_SECONDS = 1;
/**
 * An SQS event source with nothing to read: Lambda's pollers (five to start with) long-poll the
 * queue, each a ReceiveMessage every 20 s, billed as SQS requests.
 */
export const SQS_IDLE_POLLERS = 5;
const SQS_IDLE_RECEIVES_PER_MONTH = SQS_IDLE_POLLERS * 3 * 60 * HOURS_PER_MONTH;

const P = PRICES;
const none = (reason: string): Verdict => ({ idle: 'none', reason, monthlyUsd: 0 });
const storage = (reason: string): Verdict => ({ idle: 'storage', reason, monthlyUsd: 0 });
const charge = (reason: string, monthlyUsd: number | null = null): Verdict => ({
  idle: 'idle-charge',
  reason,
  monthlyUsd,
});
const hourly = (perHour: number) => perHour * HOURS_PER_MONTH;
/** `$0.285`, `$0.70`, `$43.07`: three significant digits, at least two decimals. */
const money = (usd: number) => {
  const rounded = usd < 1 ? Number(usd.toPrecision(3)) : usd;
  const decimals = usd < 1 ? 4 : 2;
  return `$${rounded.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: decimals })}`;
};

const PER_USE = {
  lambda: none('per request and GB-second'),
  api: none('per API request'),
  free: none('no charge'),
  iam: none('IAM: no charge'),
  sns: none('per publish and delivery'),
  sqs: none('per request; nothing polls it'),
  cognito: none('per monthly active user'),
  cloudFront: none('per request and GB served'),
  ses: none('per mail sent'),
  logs: none('per GB of logs it carries'),
  network: none('no charge by itself'),
} as const;

/** Every known type. An unknown one fails the report: add it here with its reason. */
const RULES: Record<string, Rule> = {
  // Lambda
  'AWS::Lambda::Function': PER_USE.lambda,
  'AWS::Lambda::Permission': PER_USE.free,
  'AWS::Lambda::EventInvokeConfig': PER_USE.free,
  'AWS::Lambda::Url': PER_USE.free,
  'AWS::Lambda::LayerVersion': none('per use (layer storage within the free code storage)'),
  'AWS::Lambda::LayerVersionPermission': PER_USE.free,
  'AWS::Lambda::CodeSigningConfig': PER_USE.free,
  'AWS::Lambda::Alias': provisionedConcurrency,
  'AWS::Lambda::Version': provisionedConcurrency,
  'AWS::Lambda::EventSourceMapping': eventSourceMapping,
  // API Gateway
  'AWS::ApiGatewayV2::Api': PER_USE.api,
  'AWS::ApiGatewayV2::Route': PER_USE.free,
  'AWS::ApiGatewayV2::RouteResponse': PER_USE.free,
  'AWS::ApiGatewayV2::Integration': PER_USE.free,
  'AWS::ApiGatewayV2::IntegrationResponse': PER_USE.free,
  'AWS::ApiGatewayV2::Stage': none('HTTP API stage: no cache, no charge'),
  'AWS::ApiGatewayV2::Authorizer': none('JWT authorizer: included in the request price'),
  'AWS::ApiGatewayV2::Deployment': PER_USE.free,
  'AWS::ApiGatewayV2::DomainName': PER_USE.free,
  'AWS::ApiGatewayV2::ApiMapping': PER_USE.free,
  'AWS::ApiGatewayV2::Model': PER_USE.free,
  'AWS::ApiGatewayV2::VpcLink': none('HTTP API VPC link: no charge'),
  'AWS::ApiGateway::RestApi': PER_USE.api,
  'AWS::ApiGateway::Resource': PER_USE.free,
  'AWS::ApiGateway::Method': PER_USE.free,
  'AWS::ApiGateway::Deployment': PER_USE.free,
  'AWS::ApiGateway::Authorizer': PER_USE.free,
  'AWS::ApiGateway::Account': PER_USE.free,
  'AWS::ApiGateway::Model': PER_USE.free,
  'AWS::ApiGateway::RequestValidator': PER_USE.free,
  'AWS::ApiGateway::GatewayResponse': PER_USE.free,
  'AWS::ApiGateway::BasePathMapping': PER_USE.free,
  'AWS::ApiGateway::DomainName': PER_USE.free,
  'AWS::ApiGateway::UsagePlan': PER_USE.free,
  'AWS::ApiGateway::UsagePlanKey': PER_USE.free,
  'AWS::ApiGateway::ApiKey': PER_USE.free,
  'AWS::ApiGateway::Stage': (props) =>
    props.CacheClusterEnabled === true
      ? charge(
          `REST API cache, billed by the hour (0.5 GB: ${money(hourly(P.apiGateway.restCache05GbHour))})`,
          hourly(P.apiGateway.restCache05GbHour),
        )
      : none('REST API stage without cache'),
  // IAM
  'AWS::IAM::Role': PER_USE.iam,
  'AWS::IAM::Policy': PER_USE.iam,
  'AWS::IAM::ManagedPolicy': PER_USE.iam,
  'AWS::IAM::RolePolicy': PER_USE.iam,
  'AWS::IAM::InstanceProfile': PER_USE.iam,
  'AWS::IAM::ServiceLinkedRole': PER_USE.iam,
  'AWS::IAM::OIDCProvider': PER_USE.iam,
  'AWS::IAM::Group': PER_USE.iam,
  'AWS::IAM::User': PER_USE.iam,
  'AWS::IAM::UserToGroupAddition': PER_USE.iam,
  'AWS::IAM::AccessKey': PER_USE.iam,
  // Messaging and mail
  'AWS::SNS::Topic': PER_USE.sns,
  'AWS::SNS::Subscription': PER_USE.sns,
  'AWS::SNS::TopicPolicy': PER_USE.free,
  'AWS::SNS::TopicInlinePolicy': PER_USE.free,
  'AWS::SQS::Queue': PER_USE.sqs,
  'AWS::SQS::QueuePolicy': PER_USE.free,
  'AWS::SQS::QueueInlinePolicy': PER_USE.free,
  'AWS::SES::ConfigurationSet': PER_USE.ses,
  'AWS::SES::ConfigurationSetEventDestination': PER_USE.ses,
  'AWS::SES::EmailIdentity': PER_USE.ses,
  'AWS::SES::Template': PER_USE.free,
  'AWS::SES::ContactList': PER_USE.free,
  'AWS::SES::ReceiptRule': none('per mail received'),
  'AWS::SES::ReceiptRuleSet': PER_USE.free,
  'AWS::SES::ReceiptFilter': PER_USE.free,
  'AWS::SES::DedicatedIpPool': charge('dedicated sending IPs, billed by the month'),
  // Sign-in
  'AWS::Cognito::UserPool': PER_USE.cognito,
  'AWS::Cognito::UserPoolClient': PER_USE.free,
  'AWS::Cognito::UserPoolGroup': PER_USE.free,
  'AWS::Cognito::UserPoolDomain': PER_USE.free,
  'AWS::Cognito::UserPoolResourceServer': PER_USE.free,
  'AWS::Cognito::UserPoolIdentityProvider': PER_USE.free,
  'AWS::Cognito::UserPoolUser': PER_USE.free,
  'AWS::Cognito::UserPoolUserToGroupAttachment': PER_USE.free,
  'AWS::Cognito::UserPoolUICustomizationAttachment': PER_USE.free,
  'AWS::Cognito::ManagedLoginBranding': PER_USE.free,
  'AWS::Cognito::LogDeliveryConfiguration': PER_USE.free,
  'AWS::Cognito::IdentityPool': PER_USE.free,
  'AWS::Cognito::IdentityPoolRoleAttachment': PER_USE.free,
  // Static site
  'AWS::CloudFront::Distribution': PER_USE.cloudFront,
  'AWS::CloudFront::OriginAccessControl': PER_USE.free,
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': PER_USE.free,
  'AWS::CloudFront::Function': none('per invocation'),
  'AWS::CloudFront::CachePolicy': PER_USE.free,
  'AWS::CloudFront::OriginRequestPolicy': PER_USE.free,
  'AWS::CloudFront::ResponseHeadersPolicy': PER_USE.free,
  'AWS::CloudFront::KeyGroup': PER_USE.free,
  'AWS::CloudFront::PublicKey': PER_USE.free,
  'AWS::CloudFront::KeyValueStore': none('per read'),
  'AWS::CertificateManager::Certificate': none('public certificate: no charge'),
  // Storage
  'AWS::DynamoDB::Table': dynamoDbTable,
  'AWS::DynamoDB::GlobalTable': dynamoDbTable,
  'AWS::S3::Bucket': storage(`${money(P.s3.storageGbMonth)}/GB-month (S3 Standard), requests per use`),
  'AWS::S3::BucketPolicy': PER_USE.free,
  'AWS::S3::AccessPoint': PER_USE.free,
  'AWS::Logs::LogGroup': storage(
    `${money(P.cloudWatch.logStorageGbMonth)}/GB-month stored, ${money(P.cloudWatch.logIngestionGb)}/GB ingested`,
  ),
  'AWS::EFS::FileSystem': storage('per GB-month stored'),
  'AWS::ECR::Repository': storage('per GB-month of images'),
  'AWS::EC2::Volume': storage('EBS: per GB-month provisioned'),
  'AWS::Backup::BackupVault': storage('per GB-month of backups'),
  'AWS::Events::Archive': storage('per GB-month of archived events'),
  'AWS::CloudTrail::EventDataStore': storage('per GB ingested and stored'),
  // Keys and secrets
  'AWS::KMS::Key': { idle: 'key', reason: 'customer managed key, by the month', monthlyUsd: P.kms.keyMonth },
  'AWS::KMS::ReplicaKey': {
    idle: 'key',
    reason: 'multi-Region replica key, by the month',
    monthlyUsd: P.kms.keyMonth,
  },
  'AWS::KMS::Alias': PER_USE.free,
  'AWS::SecretsManager::Secret': charge('secret, by the month', P.idle.secretMonth),
  'AWS::SecretsManager::SecretTargetAttachment': PER_USE.free,
  'AWS::SecretsManager::RotationSchedule': none('rotation runs its function per use'),
  'AWS::SecretsManager::ResourcePolicy': PER_USE.free,
  'AWS::SSM::Parameter': (props) =>
    props.Tier === 'Advanced'
      ? charge('advanced parameter, by the month', P.idle.advancedParameterMonth)
      : none('standard parameter: no charge'),
  'AWS::SSM::Document': PER_USE.free,
  'AWS::ACMPCA::CertificateAuthority': charge('private CA, by the month'),
  // Schedules and events
  'AWS::Scheduler::Schedule': schedulerSchedule,
  'AWS::Scheduler::ScheduleGroup': PER_USE.free,
  'AWS::Events::Rule': eventsRule,
  'AWS::Events::EventBus': none('per event'),
  'AWS::Events::EventBusPolicy': PER_USE.free,
  'AWS::Events::Connection': PER_USE.free,
  'AWS::Events::ApiDestination': none('per invocation'),
  'AWS::StepFunctions::StateMachine': none('per state transition'),
  'AWS::StepFunctions::Activity': PER_USE.free,
  'AWS::StepFunctions::StateMachineAlias': PER_USE.free,
  'AWS::StepFunctions::StateMachineVersion': PER_USE.free,
  // Monitoring
  'AWS::CloudWatch::Alarm': cloudWatchAlarm,
  'AWS::CloudWatch::CompositeAlarm': charge(
    'composite alarm, by the month',
    P.cloudWatch.compositeAlarmMonth,
  ),
  'AWS::CloudWatch::Dashboard': charge('dashboard, by the month', P.cloudWatch.dashboardMonth),
  'AWS::CloudWatch::InsightRule': charge(
    'Contributor Insights rule, by the month',
    P.cloudWatch.insightRuleMonth,
  ),
  'AWS::CloudWatch::MetricStream': charge('streams metric updates whatever the traffic'),
  'AWS::CloudWatch::AnomalyDetector': none('billed only through an alarm'),
  'AWS::Logs::MetricFilter': none('publishes only when logs arrive'),
  'AWS::Logs::SubscriptionFilter': PER_USE.logs,
  'AWS::Logs::ResourcePolicy': PER_USE.free,
  'AWS::Logs::QueryDefinition': PER_USE.free,
  'AWS::Logs::LogStream': PER_USE.free,
  'AWS::Logs::Destination': PER_USE.logs,
  'AWS::Logs::DeliverySource': PER_USE.logs,
  'AWS::Logs::DeliveryDestination': PER_USE.logs,
  'AWS::Logs::Delivery': PER_USE.logs,
  'AWS::XRay::Group': PER_USE.free,
  'AWS::XRay::SamplingRule': PER_USE.free,
  'AWS::Synthetics::Canary': charge('canary runs on its schedule whatever the traffic'),
  'AWS::CloudTrail::Trail': none('per event (the first management trail is free)'),
  'AWS::GuardDuty::Detector': charge('analyses account events and logs continuously'),
  'AWS::SecurityHub::Hub': charge('runs its checks periodically'),
  'AWS::Route53::HealthCheck': charge('health check, by the month'),
  // Network and servers
  'AWS::Route53::HostedZone': charge('hosted zone, by the month', P.idle.hostedZoneMonth),
  'AWS::Route53::RecordSet': none('per query'),
  'AWS::Route53::RecordSetGroup': none('per query'),
  'AWS::ServiceDiscovery::PrivateDnsNamespace': charge(
    'creates a Route 53 hosted zone',
    P.idle.hostedZoneMonth,
  ),
  'AWS::ServiceDiscovery::PublicDnsNamespace': charge(
    'creates a Route 53 hosted zone',
    P.idle.hostedZoneMonth,
  ),
  'AWS::ServiceDiscovery::HttpNamespace': PER_USE.free,
  'AWS::EC2::VPC': PER_USE.network,
  'AWS::EC2::Subnet': PER_USE.network,
  'AWS::EC2::RouteTable': PER_USE.network,
  'AWS::EC2::Route': PER_USE.network,
  'AWS::EC2::SubnetRouteTableAssociation': PER_USE.network,
  'AWS::EC2::InternetGateway': PER_USE.network,
  'AWS::EC2::EgressOnlyInternetGateway': PER_USE.network,
  'AWS::EC2::VPCGatewayAttachment': PER_USE.network,
  'AWS::EC2::SecurityGroup': PER_USE.network,
  'AWS::EC2::SecurityGroupIngress': PER_USE.network,
  'AWS::EC2::SecurityGroupEgress': PER_USE.network,
  'AWS::EC2::NetworkAcl': PER_USE.network,
  'AWS::EC2::NetworkAclEntry': PER_USE.network,
  'AWS::EC2::SubnetNetworkAclAssociation': PER_USE.network,
  'AWS::EC2::DHCPOptions': PER_USE.network,
  'AWS::EC2::VPCDHCPOptionsAssociation': PER_USE.network,
  'AWS::EC2::VPCCidrBlock': PER_USE.network,
  'AWS::EC2::PrefixList': PER_USE.network,
  'AWS::EC2::LaunchTemplate': PER_USE.free,
  'AWS::EC2::KeyPair': PER_USE.free,
  'AWS::EC2::FlowLog': none('per GB of logs it writes'),
  'AWS::EC2::NatGateway': charge('NAT gateway, by the hour', hourly(P.idle.natGatewayHour)),
  'AWS::EC2::EIP': charge('public IPv4 address, by the hour', hourly(P.idle.publicIpv4Hour)),
  'AWS::EC2::Instance': charge('instance, by the second'),
  'AWS::EC2::Host': charge('dedicated host, by the hour'),
  'AWS::EC2::TransitGateway': charge('transit gateway attachments, by the hour'),
  'AWS::EC2::TransitGatewayAttachment': charge('attachment, by the hour'),
  'AWS::EC2::TransitGatewayVpcAttachment': charge('attachment, by the hour'),
  'AWS::EC2::ClientVpnEndpoint': charge('VPN endpoint association, by the hour'),
  'AWS::EC2::VPNConnection': charge('VPN connection, by the hour'),
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': charge(
    'load balancer, by the hour',
    hourly(P.idle.loadBalancerHour),
  ),
  'AWS::ElasticLoadBalancingV2::Listener': PER_USE.free,
  'AWS::ElasticLoadBalancingV2::ListenerRule': PER_USE.free,
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': PER_USE.free,
  'AWS::ElasticLoadBalancingV2::TargetGroup': PER_USE.free,
  'AWS::ElasticLoadBalancing::LoadBalancer': charge('classic load balancer, by the hour'),
  'AWS::AutoScaling::AutoScalingGroup': (props) =>
    Number(props.MinSize ?? 1) === 0 && Number(props.DesiredCapacity ?? 0) === 0
      ? none('scales to zero instances')
      : charge('keeps instances running'),
  'AWS::AutoScaling::LaunchConfiguration': PER_USE.free,
  'AWS::ApplicationAutoScaling::ScalableTarget': PER_USE.free,
  'AWS::ApplicationAutoScaling::ScalingPolicy': PER_USE.free,
  'AWS::ECS::Cluster': PER_USE.free,
  'AWS::ECS::TaskDefinition': PER_USE.free,
  'AWS::ECS::Service': (props) =>
    Number(props.DesiredCount ?? 1) === 0 ? none('no task running') : charge('keeps tasks running'),
  'AWS::EKS::Cluster': charge('control plane, by the hour'),
  'AWS::EKS::Nodegroup': charge('keeps nodes running'),
  'AWS::AppRunner::Service': charge('provisioned instances, by the second'),
  // Databases and streams billed by the hour
  'AWS::RDS::DBInstance': charge('database instance, by the hour'),
  'AWS::RDS::DBCluster': charge('database cluster (instances or minimum capacity), by the hour'),
  'AWS::RDS::DBProxy': charge('proxy, by the vCPU-hour of its database'),
  'AWS::RDS::DBSubnetGroup': PER_USE.free,
  'AWS::RDS::DBParameterGroup': PER_USE.free,
  'AWS::RDS::DBClusterParameterGroup': PER_USE.free,
  'AWS::RDS::OptionGroup': PER_USE.free,
  'AWS::DocDB::DBCluster': charge('database cluster, by the hour'),
  'AWS::DocDB::DBInstance': charge('database instance, by the hour'),
  'AWS::Neptune::DBCluster': charge('database cluster, by the hour'),
  'AWS::Neptune::DBInstance': charge('database instance, by the hour'),
  'AWS::ElastiCache::CacheCluster': charge('cache nodes, by the hour'),
  'AWS::ElastiCache::ReplicationGroup': charge('cache nodes, by the hour'),
  'AWS::ElastiCache::ServerlessCache': charge('minimum data stored, by the hour'),
  'AWS::ElastiCache::SubnetGroup': PER_USE.free,
  'AWS::ElastiCache::ParameterGroup': PER_USE.free,
  'AWS::OpenSearchService::Domain': charge('search instances, by the hour'),
  'AWS::Elasticsearch::Domain': charge('search instances, by the hour'),
  'AWS::OpenSearchServerless::Collection': charge('minimum OpenSearch compute units, by the hour'),
  'AWS::OpenSearchServerless::SecurityPolicy': PER_USE.free,
  'AWS::OpenSearchServerless::AccessPolicy': PER_USE.free,
  'AWS::Redshift::Cluster': charge('cluster nodes, by the hour'),
  'AWS::MSK::Cluster': charge('brokers, by the hour'),
  'AWS::MSK::ServerlessCluster': charge('cluster, by the hour'),
  'AWS::Kinesis::Stream': kinesisStream,
  'AWS::Kinesis::StreamConsumer': charge('enhanced fan-out, by the consumer-shard hour'),
  'AWS::KinesisFirehose::DeliveryStream': none('per GB ingested'),
  'AWS::SageMaker::Endpoint': charge('endpoint instances, by the hour'),
  // Edge protection
  'AWS::WAFv2::WebACL': (props) => {
    const rules = Array.isArray(props.Rules) ? props.Rules.length : 0;
    return charge(`web ACL and ${rules} rule(s), by the month`, P.idle.webAclMonth + rules);
  },
  'AWS::WAFv2::RuleGroup': charge('rule group, by the month', 1),
  'AWS::WAFv2::WebACLAssociation': PER_USE.free,
  'AWS::WAFv2::IPSet': PER_USE.free,
  'AWS::WAFv2::RegexPatternSet': PER_USE.free,
  'AWS::AppSync::GraphQLApi': PER_USE.api,
  'AWS::AppSync::GraphQLSchema': PER_USE.free,
  'AWS::AppSync::DataSource': PER_USE.free,
  'AWS::AppSync::Resolver': PER_USE.free,
  'AWS::AppSync::FunctionConfiguration': PER_USE.free,
  'AWS::AppSync::ApiKey': PER_USE.free,
  'AWS::AppSync::DomainName': PER_USE.free,
  'AWS::AppSync::ApiCache': charge('cache instance, by the hour'),
  // CloudFormation and CDK
  'AWS::CDK::Metadata': none('CDK metadata: no resource'),
  'AWS::CloudFormation::CustomResource': none('runs its function at deploy time'),
  'AWS::CloudFormation::WaitCondition': PER_USE.free,
  'AWS::CloudFormation::WaitConditionHandle': PER_USE.free,
  'AWS::CloudFormation::Stack': none('nested stack: its own template is classified'),
};

/** Classifies every resource of a template, in the template's order. */
export function classifyTemplate(template: CfnTemplateJson): Classified[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, resource]) =>
    classifyResource(logicalId, resource, template),
  );
}

export function classifyResource(
  logicalId: string,
  resource: CfnResourceJson,
  template: CfnTemplateJson = {},
): Classified {
  const type = resource.Type;
  const rule =
    RULES[type] ?? (type.startsWith('Custom::') ? RULES['AWS::CloudFormation::CustomResource'] : undefined);
  if (!rule)
    return {
      logicalId,
      type,
      idle: 'unknown',
      reason: `unknown type: add ${type} to the table in infra/cost/idle.ts with what it costs while idle`,
      monthlyUsd: null,
    };
  const verdict = typeof rule === 'function' ? rule(resource.Properties ?? {}, template) : rule;
  return { logicalId, type, ...verdict };
}

/** The resources that fail the report, each with a one-line message. */
export function failures(classified: readonly Classified[]): Classified[] {
  return classified.filter((resource) => FAILING_CLASSES.includes(resource.idle));
}

/** What the resources cost a month with nothing arriving: the sum of the estimates (nulls as 0). */
export function idleMonthlyUsd(classified: readonly Classified[]): number {
  return classified.reduce((sum, resource) => sum + (resource.monthlyUsd ?? 0), 0);
}

function dynamoDbTable(props: Props): Verdict {
  const pitr =
    (props.PointInTimeRecoverySpecification as Props | undefined)?.PointInTimeRecoveryEnabled === true;
  if (props.BillingMode === 'PAY_PER_REQUEST') {
    return storage(
      `on demand: ${money(P.dynamodb.storageGbMonth)}/GB-month` +
        (pitr ? ` + PITR ${money(P.dynamodb.pitrGbMonth)}/GB-month` : ''),
    );
  }
  // PROVISIONED, absent (CloudFormation's default is PROVISIONED) or not a literal.
  const throughputs = [
    props.ProvisionedThroughput,
    ...(Array.isArray(props.GlobalSecondaryIndexes) ? props.GlobalSecondaryIndexes : []).map(
      (index) => (index as Props).ProvisionedThroughput,
    ),
  ] as (Props | undefined)[];
  let rcu = 0;
  let wcu = 0;
  for (const throughput of throughputs) {
    rcu += Number(throughput?.ReadCapacityUnits ?? 0) || 0;
    wcu += Number(throughput?.WriteCapacityUnits ?? 0) || 0;
  }
  const monthly = hourly(rcu * P.dynamodb.provisionedRcuHour + wcu * P.dynamodb.provisionedWcuHour);
  return charge(
    `billing mode ${JSON.stringify(props.BillingMode ?? 'PROVISIONED')}: ${rcu} RCU + ${wcu} WCU by the hour`,
    monthly,
  );
}

function provisionedConcurrency(props: Props): Verdict {
  const config = props.ProvisionedConcurrencyConfig as Props | undefined;
  if (!config) return PER_USE.free;
  const executions = Number(config.ProvisionedConcurrentExecutions ?? 0);
  return charge(`provisioned concurrency (${executions} warm), by the GB-second`);
}

/** A poller runs whatever arrives; what it is billed depends on the source. */
function eventSourceMapping(props: Props, template: CfnTemplateJson): Verdict {
  const source = sourceKind(props, template);
  const provisioned = props.ProvisionedPollerConfig ? '; provisioned pollers are billed by the hour' : '';
  if (source === 'SQS') {
    const monthly = SQS_IDLE_RECEIVES_PER_MONTH * P.sqs.request;
    return charge(
      `SQS pollers: ~${SQS_IDLE_RECEIVES_PER_MONTH.toLocaleString('en-US')} empty receives a month${provisioned}`,
      monthly,
    );
  }
  // Lambda reads DynamoDB streams for its triggers at no charge (no GetRecords bill, no poller
  // hours); only invocations are paid, and filtered-out records invoke nothing.
  if (source === 'DynamoDB stream' && !props.ProvisionedPollerConfig)
    return none('DynamoDB stream trigger: Lambda reads the stream free; only invocations are paid');
  return charge(`${source} pollers run whatever arrives${provisioned}`);
}

function sourceKind(props: Props, template: CfnTemplateJson): string {
  if (props.SelfManagedEventSource) return 'self-managed Kafka';
  const arn = props.EventSourceArn;
  if (typeof arn === 'string') {
    const service = arn.split(':')[2] ?? '';
    return (
      { sqs: 'SQS', kinesis: 'Kinesis', dynamodb: 'DynamoDB stream', kafka: 'MSK', mq: 'Amazon MQ' }[
        service
      ] ?? service
    );
  }
  // A stream of a table in another stack arrives as an import of the export CDK named after the
  // table's StreamArn attribute (`...ExportsOutputFnGetAtt<table>StreamArn...`).
  const imported = (arn as Props | undefined)?.['Fn::ImportValue'];
  if (typeof imported === 'string' && /Table.*StreamArn/.test(imported)) return 'DynamoDB stream';
  const getAtt = (arn as Props | undefined)?.['Fn::GetAtt'];
  const targetId = Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
  const targetType = targetId ? template.Resources?.[targetId]?.Type : undefined;
  if (targetType === 'AWS::SQS::Queue') return 'SQS';
  if (targetType === 'AWS::Kinesis::Stream') return 'Kinesis';
  if (targetType === 'AWS::DynamoDB::Table') return 'DynamoDB stream';
  return targetType ?? 'event source';
}

function cloudWatchAlarm(props: Props): Verdict {
  const metrics = Array.isArray(props.Metrics)
    ? props.Metrics.filter((metric) => (metric as Props).MetricStat !== undefined).length || 1
    : 1;
  const periods = [
    props.Period,
    ...(Array.isArray(props.Metrics) ? props.Metrics : []).map(
      (metric) => ((metric as Props).MetricStat as Props | undefined)?.Period,
    ),
  ].filter((period) => period !== undefined);
  const highResolution = periods.some((period) => Number(period) < 60);
  const perMetric = highResolution
    ? P.cloudWatch.highResolutionAlarmMetricMonth
    : P.cloudWatch.alarmMetricMonth;
  return charge(
    `${highResolution ? 'high-resolution ' : ''}alarm on ${metrics} metric(s), by the month`,
    metrics * perMetric,
  );
}

function schedulerSchedule(props: Props, template: CfnTemplateJson): Verdict {
  const expression = String(props.ScheduleExpression ?? '');
  const runs = props.State === 'DISABLED' ? 0 : runsPerMonth(expression);
  const target = props.Target as Props | undefined;
  const run = P.scheduler.invocation + targetRunUsd(target?.Arn, template);
  return {
    idle: 'scheduled',
    reason: `${expression}${props.State === 'DISABLED' ? ' (disabled)' : ''}: ${formatRuns(runs)} runs a month`,
    monthlyUsd: runs * run,
    runsPerMonth: runs,
  };
}

function eventsRule(props: Props, template: CfnTemplateJson): Verdict {
  if (typeof props.ScheduleExpression !== 'string') return none('per event matched');
  const runs = props.State === 'DISABLED' ? 0 : runsPerMonth(props.ScheduleExpression);
  const targets = Array.isArray(props.Targets) ? (props.Targets as Props[]) : [];
  // Scheduled rules themselves are free; their targets run.
  const run = targets.reduce((sum, target) => sum + targetRunUsd(target.Arn, template), 0);
  return {
    idle: 'scheduled',
    reason: `${props.ScheduleExpression}: ${formatRuns(runs)} runs a month`,
    monthlyUsd: runs * run,
    runsPerMonth: runs,
  };
}

/** One run of a Lambda target with nothing to do: a request and IDLE_JOB_RUN_SECONDS of it. */
function targetRunUsd(arn: unknown, template: CfnTemplateJson): number {
  const getAtt = (arn as Props | undefined)?.['Fn::GetAtt'];
  const target = Array.isArray(getAtt) ? template.Resources?.[String(getAtt[0])] : undefined;
  if (target?.Type !== 'AWS::Lambda::Function') return 0;
  const memoryGb = Number(target.Properties?.MemorySize ?? 128) / 1024;
  return P.lambda.request + IDLE_JOB_RUN_SECONDS * memoryGb * P.lambda.gbSecondArm;
}

function vpcEndpoint(props: Props): Verdict {
  const type = props.VpcEndpointType ?? 'Gateway';
  if (type === 'Gateway') return none('gateway endpoint (S3, DynamoDB): no charge');
  const zones = Array.isArray(props.SubnetIds) ? props.SubnetIds.length : 1;
  return charge(
    `${String(type)} endpoint in ${zones} AZ(s), by the hour`,
    zones * hourly(P.idle.interfaceEndpointAzHour),
  );
}

function kinesisStream(props: Props): Verdict {
  const mode = (props.StreamModeDetails as Props | undefined)?.StreamMode ?? 'PROVISIONED';
  if (mode === 'ON_DEMAND') return charge('on-demand stream, by the stream-hour');
  const shards = Number(props.ShardCount ?? 1);
  return charge(`${shards} shard(s), by the hour`, shards * hourly(P.idle.kinesisShardHour));
}

function formatRuns(runs: number): string {
  return Number.isInteger(runs) ? String(runs) : runs.toFixed(2);
}
