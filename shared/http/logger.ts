/**
 * The structured logger: Powertools for AWS Lambda's Logger, one per container, one JSON line per
 * entry with the fields CloudWatch Logs Insights reads (level, message, timestamp, service, and,
 * once `addContext` ran for an invocation, its request id, function and cold start). Personal data
 * never reaches a log line: its JSON replacer redacts secrets by key and masks any 18-character
 * ID-number-like string wherever it appears, in case one slips into an error message.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type Config, config } from '#shared/config/env';

const SECRET_KEYS = new Set(['authorization', 'token', 'idnumber', 'password', 'cookie', 'cookies', 'body']);
const ID_NUMBER_LIKE = /(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?![\dXx])/g;

export function redactLogValue(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return '[redacted]';
  // The same mask as responses show (4501**********1234), so logs reveal no more than a roster.
  if (typeof value === 'string') return value.replace(ID_NUMBER_LIKE, '$1**********$2');
  return value;
}

type Extra = Record<string, unknown> | Error;

/**
 * Made on first use, from the configuration then in force (the local server applies its
 * environment after this module loads, and tests hand over theirs), and made again only when
 * another configuration is handed over: in Lambda, once per container.
 */
let current: { settings: Config; logger: Logger } | undefined;

function powertools(): Logger {
  const settings = config();
  if (current?.settings !== settings) {
    current = {
      settings,
      logger: new Logger({
        serviceName: settings.serviceName,
        logLevel: settings.logLevel,
        jsonReplacerFn: redactLogValue,
      }),
    };
  }
  return current.logger;
}

function write(level: 'debug' | 'info' | 'warn' | 'error', message: string, extra: Extra | undefined) {
  const target = powertools();
  if (extra === undefined) target[level](message);
  else if (extra instanceof Error) target[level](message, extra);
  else target[level](message, extra);
}

export const logger = {
  debug: (message: string, extra?: Extra) => write('debug', message, extra),
  info: (message: string, extra?: Extra) => write('info', message, extra),
  warn: (message: string, extra?: Extra) => write('warn', message, extra),
  error: (message: string, extra?: Extra) => write('error', message, extra),
  /** The invocation's request id, function and cold start on every line until the next one. */
  addContext: (context: Context) => powertools().addContext(context),
};
