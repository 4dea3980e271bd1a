/**
 * Where operators hear about failures: one SNS topic (optionally with an email subscription). The
 * daily `dead-letters` job publishes to it, through Lambda's on-failure destination, when any
 * dead-letter queue holds messages. No CloudWatch alarm: each costs money every month whether
 * anything fails or not, and a topic costs nothing while silent.
 */
import { Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
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
        'Dead-letter reports carry only queue names and URLs, message counts and the job event, never ' +
        'personal data; a customer managed key would cost money every month (the stack may cost nothing ' +
        'while idle) to protect nothing secret.',
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
