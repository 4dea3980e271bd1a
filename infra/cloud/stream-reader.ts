/**
 * What every reader of the registrations table's stream has alike: a dead-letter queue for the
 * batches it gives up (its stream event source's on-failure destination), and the one wildcard its
 * role needs (dynamodb:ListStreams), each acknowledged to cdk-nag with the reason.
 */
import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

/** The queue where `reader`'s stream event source describes the batches it gave up. */
export function streamDeadLetterQueue(scope: Construct, reader: string): sqs.Queue {
  const queue = deadLetterQueue(scope, 'DeadLetterQueue');
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      `This queue is itself a dead-letter queue: the on-failure destination of the ${reader} ` +
      'stream event source (cdk-nag only recognizes queues named in a redrive policy or a function DLQ).',
  });
  return queue;
}

/**
 * Acknowledges the ListStreams wildcard on the role of `fn` (the `reader`), once its event source
 * has added it.
 */
export function acknowledgeListStreams(fn: lambda.IFunction, reader: string): void {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy');
  if (!policy) return;
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      `dynamodb:ListStreams, which the ${reader} stream event source needs, takes no resource ` +
      "(IAM allows only *); reading records is granted on the registrations table's stream alone.",
  });
}
