/**
 * The structured logger, one per container: one JSON line per entry on stdout, with the fields
 * CloudWatch Logs Insights reads (level, message, timestamp, service, the request id and whether
 * the container was cold). Personal data never reaches a log line: secrets and ID numbers are
 * redacted by key, and any 18-character ID-number-like string is masked wherever it appears, in
 * case one slips into an error message.
 *
 * Our own rather than Powertools' Logger: that did the same here but cost about 5 ms of every
 * cold start (most of a trainee-path function's budget over the bare DynamoDB client, see
 * BENCHMARKS.md), for features this project does not use (sampling, buffering, child loggers).
 */
import type { Context } from 'aws-lambda';
import { config, type LogLevel, traceId } from '#shared/config/env';

const SECRET_KEYS = new Set(['authorization', 'token', 'idnumber', 'password', 'cookie', 'cookies', 'body']);
const ID_NUMBER_LIKE = /(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?![\dXx])/g;

export function redactLogValue(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return '[redacted]';
  // The same mask as responses show (4501**********1234), so logs reveal no more than a roster.
  if (typeof value === 'string') return value.replace(ID_NUMBER_LIKE, '$1**********$2');
  return value;
}

const LEVELS: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };
type Level = Exclude<LogLevel, 'SILENT'>;
type Attributes = Record<string, unknown>;

const errorFields = (error: Error) => ({ name: error.name, message: error.message, stack: error.stack });

export class Logger {
  private invocation: Attributes = {};
  private coldStart = true;

  /** `service` on every line; else the configuration's (`SERVICE_NAME`, the function's name). */
  constructor(private readonly service?: string) {}

  debug(message: string, attributes?: Attributes): void {
    this.write('DEBUG', message, attributes);
  }

  info(message: string, attributes?: Attributes): void {
    this.write('INFO', message, attributes);
  }

  warn(message: string, attributes?: Attributes | Error): void {
    this.write('WARN', message, attributes);
  }

  error(message: string, attributes?: Attributes | Error): void {
    this.write('ERROR', message, attributes);
  }

  /** The invocation's request id and function on every line until the next invocation. */
  startInvocation(context: Context): void {
    const trace = traceId();
    this.invocation = {
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
      cold_start: this.coldStart,
      ...(trace ? { xray_trace_id: trace } : {}),
    };
    this.coldStart = false;
  }

  private write(level: Level, message: string, attributes?: Attributes | Error): void {
    // The configuration on each line, not at construction: it is read on first use, after this
    // module loads (the local server applies its environment first; tests hand over theirs).
    const settings = config();
    if (LEVELS[level] < LEVELS[settings.logLevel]) return;
    const fields = attributes instanceof Error ? { error: errorFields(attributes) } : attributes;
    const entry = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service ?? settings.serviceName,
      ...this.invocation,
      ...fields,
    };
    process.stdout.write(
      `${JSON.stringify(entry, (key, value) => redactLogValue(key, errorValue(value)))}\n`,
    );
  }
}

/** Errors nested in attributes serialize with their message and stack (JSON.stringify drops them). */
const errorValue = (value: unknown) => (value instanceof Error ? errorFields(value) : value);

export const logger = new Logger();

/**
 * A job's handler with the invocation's context on its log lines (HTTP functions get it from
 * `createHttpHandler`).
 */
export function withInvocationLog<TEvent, TResult>(
  run: (event: TEvent, context: Context) => Promise<TResult>,
  target: Logger = logger,
): (event: TEvent, context: Context) => Promise<TResult> {
  return (event, context) => {
    target.startInvocation(context);
    return run(event, context);
  };
}
