/**
 * Where operators hear about failures: one SNS topic for the stack's alarms (optionally with an
 * email subscription), and an alarm per dead-letter queue that fires on its first message.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

// Deliberately loose: SNS validates the address; this catches a wrong context value at synth.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** An email address or nothing, from a prop or a context value (`-c alarmEmail=...`). */
export function parseAlarmEmail(value: unknown, setting = 'alarmEmail'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  if (!EMAIL.test(text)) throw new Error(`${setting} must be an email address, got ${JSON.stringify(value)}`);
  return text;
}

export interface AlarmTopicProps {
  /** Subscribed to the topic when given; SNS mails a confirmation link first. */
  readonly email?: string;
}

export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Knowledge Renewal alarms',
      // A topic policy denying any publish or subscribe without TLS (cdk-nag SNS3).
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names, states and queue metrics, never personal data; ' +
        'CloudWatch cannot publish to a topic under the AWS-managed aws/sns key (its key policy cannot ' +
        'grant cloudwatch.amazonaws.com), so encryption would need a customer key billed monthly for nothing secret.',
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /**
   * An alarm when `queue` holds any message for a 5-minute period: each message there is work that
   * failed for good (a mail not sent, a job not run) and waits for someone to look and redrive it.
   */
  alarmOnDeadLetters(id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // SQS publishes no metrics for an idle, empty queue: that is the healthy state.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    // The topic policy (written for enforceSSL) replaces SNS's default one: CloudWatch may publish,
    // for this alarm of this account only (no confused deputy).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `CloudWatchPublish${id.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': alarm.alarmArn },
          StringEquals: { 'aws:SourceAccount': alarm.stack.account },
        },
      }),
    );
    this.alarms.push(alarm);
    return alarm;
  }
}
