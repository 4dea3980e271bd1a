/**
 * What each function of the catalog may touch, read from its catalog entry (shared/functions.ts):
 * its tables and their named indexes, the audit trail (append only), the reports bucket (report
 * keys only), the certificate signing keys, mail (the SES sender identity or the SMTP secret) and
 * the dead-letter queues' counts. Every grant is a statement of its own on the function's role,
 * with the fewest actions on the fewest resources; nothing is granted through a managed policy.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { FunctionDef, TableAccess } from '#shared/functions';
import { AUDIT_TRAIL, TABLES, type TableName } from '#shared/store/tables';
import type { DataResources } from './data-stack';
import type { HouseFunction } from './house-function';
import type { SigningKeys } from './service-settings';
import { grantSmtpSecret, type SmtpMail } from './smtp-mail';

/** What the grants refer to besides the function's own catalog entry. */
export interface GrantTargets {
  readonly data: DataResources;
  /** The From address of the system's mail: SES may send from it alone. */
  readonly senderIdentity: string;
  /** Mail over SMTP (the China profile): its secret instead of SES. */
  readonly smtp: SmtpMail | undefined;
  readonly signingKeys: SigningKeys;
  /** Every dead-letter queue of the stack: the `dead-letters` job counts them all. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
}

// No Scan (docs/architecture.md, "Data access patterns": every read is a Get or a Query); transactions need no actions of their own.
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

type ReportsAccess = NonNullable<FunctionDef['reportsBucket']>;

// The keys the report store uses, `reports/<year>/<compilationId>/<file>` (shared/reports/s3.ts):
// objects under that prefix only, not the whole bucket. No DeleteObject: every compilation is kept.
const REPORTS_OBJECTS = 'reports/*';
const REPORTS_ACTIONS: Record<ReportsAccess, string[]> = {
  read: ['s3:GetObject'],
  readWrite: ['s3:GetObject', 's3:PutObject'],
};
// Only if the bucket is ever given a customer managed key (it is S3-managed today): S3 uses the
// key on the caller's behalf, to decrypt on reads and to make a data key on writes.
const REPORTS_KEY_ACTIONS: Record<ReportsAccess, string[]> = {
  read: ['kms:Decrypt'],
  readWrite: ['kms:Decrypt', 'kms:GenerateDataKey'],
};

/** Everything `def` says the function may touch, granted to its role. */
export function grantFunctionAccess(
  stack: Stack,
  fn: HouseFunction,
  def: FunctionDef,
  to: GrantTargets,
): void {
  for (const [table, access] of Object.entries(def.tables) as [TableName, TableAccess][]) {
    grantTable(fn.role, table, access, to.data);
  }
  if (def.appendsAudit) grantAuditAppend(fn.role, to.data);
  if (def.sendsMail) {
    if (to.smtp) grantSmtpSecret(fn.role, to.smtp);
    else grantMail(stack, fn.role, to.senderIdentity);
  }
  if (def.watchesDeadLetters) grantDeadLetterCounts(fn.role, to.deadLetterQueues);
  // Verifiers read the published public keys from the certificates table: no KMS grant.
  if (def.signs) grantSigningKeys(fn.role, to.signingKeys);
  if (def.reportsBucket) grantReports(stack, fn, def.reportsBucket, to.data.reportsBucket);
}

/** `sqs:GetQueueAttributes` on the dead-letter queues, to count their messages; nothing else. */
function grantDeadLetterCounts(
  role: iam.IRole,
  deadLetterQueues: Readonly<Record<string, sqs.IQueue>>,
): void {
  const queues = Object.values(deadLetterQueues);
  if (queues.length === 0) return;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:GetQueueAttributes'],
      resources: queues.map((queue) => queue.queueArn),
    }),
  );
}

/** Exactly `access` on the table and its named indexes: no Scan, no wildcard over indexes. */
function grantTable(role: iam.IRole, table: TableName, access: TableAccess, data: DataResources): void {
  const tableArn = data.tables[table].tableArn;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: TABLE_ACTIONS[access],
      resources: [tableArn, ...TABLES[table].indexes.map((index) => `${tableArn}/index/${index.name}`)],
    }),
  );
}

/**
 * Appending to the audit trail: `dynamodb:PutItem` on its table, only for items whose partition
 * key is an audit one (`dynamodb:LeadingKeys`), so the grant writes nothing else there and can
 * neither update nor delete an entry. The function's own table access (read) is granted apart.
 */
function grantAuditAppend(role: iam.IRole, data: DataResources): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [data.tables[AUDIT_TRAIL.table].tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_TRAIL.partitionPrefix}*`] },
      },
    }),
  );
}

/**
 * For signers: `kms:Sign` and `kms:GetPublicKey` on the current key, `kms:GetPublicKey` alone on
 * retired keys (they publish all of them for verifiers). The key policy delegates to IAM (the
 * default policy of the data stack's key).
 */
function grantSigningKeys(role: iam.IRole, keys: SigningKeys): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Sign', 'kms:GetPublicKey'],
      resources: [keys.currentArn],
    }),
  );
  if (keys.previousArns.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [...keys.previousArns] }),
    );
  }
}

/**
 * `s3:GetObject` (and `s3:PutObject` to write) on the report keys only; the matching KMS actions
 * on the bucket's key if it has a customer managed one.
 */
function grantReports(stack: Stack, fn: HouseFunction, access: ReportsAccess, bucket: s3.IBucket): void {
  const resource = `${bucketArnOf(stack, bucket)}/${REPORTS_OBJECTS}`;
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: REPORTS_ACTIONS[access], resources: [resource] }),
  );
  // Without ListBucket, S3 answers a missing key (a year never compiled) with 403, not 404:
  // listing is allowed under the reports/ prefix only.
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArnOf(stack, bucket)],
      conditions: { StringLike: { 's3:prefix': [REPORTS_OBJECTS] } },
    }),
  );
  if (bucket.encryptionKey) {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: REPORTS_KEY_ACTIONS[access],
        resources: [bucket.encryptionKey.keyArn],
      }),
    );
  }
  // Acknowledged for this resource only: another wildcard in the policy is still a finding.
  Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagName(stack.resolve(resource))}]`,
    reason:
      `The ${fn.node.id.replace(/^Fn-/, '')} function reads${access === 'readWrite' ? ' and writes' : ''} ` +
      'report files under the reports/ prefix, one key per year, compilation and format ' +
      '(reports/<year>/<compilationId>/<file>): ' +
      'the wildcard is that prefix, not the bucket, and grants no delete.',
  });
}

/**
 * A bucket's ARN as `stack` refers to it. From another stack: through the export that strong
 * references create anyway, imported by its name here, so that cdk-nag names the finding the
 * same before and after synthesis (which otherwise swaps the reference for the import).
 */
function bucketArnOf(stack: Stack, bucket: s3.IBucket): string {
  const home = Stack.of(bucket);
  return home === stack || !Token.isUnresolved(bucket.bucketArn)
    ? bucket.bucketArn
    : home.exportValue(bucket.bucketArn);
}

/** `ses:SendEmail` from the sender address only, through its address or domain identity. */
function grantMail(stack: Stack, role: iam.IRole, senderIdentity: string): void {
  const domain = senderIdentity.split('@')[1] ?? senderIdentity;
  const identityArn = (identity: string) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [...new Set([identityArn(senderIdentity), identityArn(domain)])],
      conditions: { StringEquals: { 'ses:FromAddress': senderIdentity } },
    }),
  );
}

/**
 * A resolved CloudFormation value as cdk-nag names it in a finding id (its `flattenCfnReference`,
 * which it does not export): joins concatenated, imports by export name, `<Id.Attr>`, `<Ref>`.
 */
function nagName(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = (value ?? {}) as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(nagName).join(delimiter);
  }
  if (node['Fn::Sub'] !== undefined) return nagName(node['Fn::Sub']);
  if (Array.isArray(node['Fn::GetAtt'])) {
    const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
    return `<${nagName(resource)}.${nagName(attribute)}>`;
  }
  if (node['Fn::ImportValue'] !== undefined) return nagName(node['Fn::ImportValue']);
  if (node.Ref !== undefined) return `<${nagName(node.Ref)}>`;
  return JSON.stringify(value);
}
