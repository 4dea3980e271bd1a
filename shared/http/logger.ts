/**
 * The structured logger (Powertools), one per container. Personal data never reaches a log line:
 * secrets and ID numbers are redacted by key, and any 18-character ID-number-like string is
 * masked wherever it appears, in case one slips into an error message.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const SECRET_KEYS = new Set(['authorization', 'token', 'idnumber', 'password', 'cookie', 'cookies', 'body']);
const ID_NUMBER_LIKE = /(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?![\dXx])/g;

export function redactLogValue(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return '[redacted]';
  // The same mask as responses show (4501**********1234), so logs reveal no more than a roster.
  if (typeof value === 'string') return value.replace(ID_NUMBER_LIKE, '$1**********$2');
  return value;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'gx-knowledge-renewal',
  jsonReplacerFn: redactLogValue,
});
