/**
 * How a notice (shared/store/notices.ts) shows on the registrations table's stream, apart from the
 * module that reads and writes notices: the CDK app and the local runtime need the filter without
 * loading a DynamoDB client (the local one reads its endpoint once, when it loads).
 */
export const NOTICE_ENTITY = 'notice';

/**
 * Which stream records are notices to send, as a Lambda event filter pattern: the cloud's event
 * source mapping and the local stream poller use this one pattern, so only new notices invoke the
 * notifier (every other write to the table is filtered out before any invocation).
 */
export const NOTICE_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [NOTICE_ENTITY] } } },
} as const;
