/**
 * What must outlive a deploy: the tables, the reports bucket, the certificate signing key and the
 * user pool. Everything here is retained when removed from the template or the stack is deleted.
 * No user pool where sign-in comes from an OpenID Connect provider (the China profile, where
 * Cognito user pools are not available: infra/cloud/profile.ts).
 */
import { Duration, RemovalPolicies, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ROLES } from '#shared/domain/roles';
import { TABLES, type TableDef, type TableName } from '#shared/store/tables';

/** What the service stack needs from the data stack. */
export interface DataResources {
  readonly tables: Readonly<Record<TableName, dynamodb.ITable>>;
  readonly reportsBucket: s3.IBucket;
  readonly signingKey: kms.IKey;
  /** Absent when callers sign in with an OpenID Connect provider. */
  readonly userPool?: cognito.IUserPool;
  readonly userPoolClient?: cognito.IUserPoolClient;
}

export interface DataStackProps extends StackProps {
  /** `oidc`: callers sign in elsewhere, no user pool. @default cognito */
  readonly identity?: 'cognito' | 'oidc';
}

export class DataStack extends Stack implements DataResources {
  readonly tables: Readonly<Record<TableName, dynamodb.Table>>;
  readonly reportsBucket: s3.Bucket;
  readonly signingKey: kms.Key;
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props?: DataStackProps) {
    super(scope, id, props);

    const tables = {} as Record<TableName, dynamodb.Table>;
    for (const [name, def] of Object.entries(TABLES) as [TableName, TableDef][]) {
      tables[name] = this.table(name, def);
    }
    this.tables = tables;

    this.reportsBucket = this.buckets();

    // ES256 certificate signatures: the private key never leaves KMS; anyone verifies offline
    // with the public key (GET /public/keys). Asymmetric keys cannot rotate automatically.
    this.signingKey = new kms.Key(this, 'CertificateSigningKey', {
      description: 'Signs training and technical level certificates (ES256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: 'gx-knowledge-renewal/certificate-signing',
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if ((props?.identity ?? 'cognito') === 'cognito') {
      this.userPool = this.users();
      this.userPoolClient = this.appClient(this.userPool);
    }

    // The rest retained too: a replaced app client changes its id under the apps, a deleted group
    // loses its members, a deleted bucket policy drops TLS enforcement on a retained bucket.
    RemovalPolicies.of(this).retain({ excludeResourceTypes: ['AWS::CDK::Metadata'] });
  }

  private appClient(pool: cognito.UserPool): cognito.UserPoolClient {
    return pool.addClient('AppClient', {
      userPoolClientName: 'web-and-mobile',
      // Public clients (browser, phone): a secret could not be kept secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // Sign-in happens in the apps through the SDK; no hosted UI, no OAuth redirects.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // `custom:orgId` decides which organization a user acts for: users may read it but only
      // administrators (AdminUpdateUserAttributes) may change it.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('orgId'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  private table(name: TableName, def: TableDef): dynamodb.Table {
    const table = new dynamodb.Table(this, `Table-${name}`, {
      partitionKey: { name: def.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: def.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The aws/dynamodb key: every use is in CloudTrail (the tables hold national ID numbers),
      // with no key to pay for or administer and no kms:Decrypt grant needed by each function.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: def.timeToLive,
      // Reading it is free for Lambda triggers; records are kept 24 hours, at no charge either.
      stream: def.stream ? dynamodb.StreamViewType[def.stream] : undefined,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /** The reports bucket, and the bucket that receives its server access logs. */
  private buckets(): s3.Bucket {
    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery supports only S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return new s3.Bucket(this, 'ReportsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private users(): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by administrators; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Reaches handlers as the `custom:orgId` claim (docs/api.md).
      customAttributes: { orgId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(pool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP): tens of thousands of trainees sign in from phones for a few sessions a year, ' +
          'and accounts exist only when an administrator creates them; staff accounts are expected to enrol TOTP.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials feature plan: Plus bills every monthly active user for threat protection; risk is bounded ' +
          'by administrator-created accounts, a 12-character four-class password policy and optional TOTP MFA.',
      },
    );

    // One group per role of docs/api.md; the group reaches handlers in the `cognito:groups` claim.
    ROLES.forEach((role, precedence) => {
      pool.addGroup(`Group-${role}`, { groupName: role, description: `Role ${role}`, precedence });
    });
    return pool;
  }
}
