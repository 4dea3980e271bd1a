/**
 * The house dead-letter queue: storage only (nothing polls it, so it costs nothing while empty),
 * encrypted by SQS, TLS only, and keeping messages for SQS's longest, 14 days: time for the daily
 * `dead-letters` report to be read and the failure resent.
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export const deadLetterQueue = (scope: Construct, id: string): sqs.Queue =>
  new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
