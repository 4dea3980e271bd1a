/**
 * The conflict-faithful mode of the local system, for tests and benchmarks only: with
 * `DYNAMODB_RULES=cloud` the handlers' shared DynamoDB client (`dynamo` of #shared/store/client)
 * conflicts and throttles as DynamoDB does (./dynamodb-rules.ts); `DYNAMODB_THROTTLE_RATE` (0 to 1)
 * throttles that share of requests; `DYNAMODB_WRITE_LOG=<file>` appends every write as a JSON line
 * with the request it was made for. Unset, the local system behaves as DynamoDB Local does.
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CloudRulesOptions, WriteLogEntry } from './dynamodb-rules';
import { StartupError } from './preflight';

export interface CloudRulesSettings {
  throttleRate: number;
  writeLogFile: string | undefined;
}

/** The mode asked for by the environment, or undefined; a malformed value stops the start. */
export function readCloudRulesSettings(env = process.env): CloudRulesSettings | undefined {
  const rules = env.DYNAMODB_RULES || undefined;
  const rate = env.DYNAMODB_THROTTLE_RATE || undefined;
  const log = env.DYNAMODB_WRITE_LOG || undefined;
  if (rules === undefined) {
    if (rate !== undefined || log !== undefined)
      throw new StartupError(
        'DYNAMODB_THROTTLE_RATE and DYNAMODB_WRITE_LOG apply only with DYNAMODB_RULES=cloud: set it, or unset them.',
      );
    return undefined;
  }
  if (rules !== 'cloud')
    throw new StartupError(
      `DYNAMODB_RULES=${rules} is not known: use DYNAMODB_RULES=cloud, or leave it unset.`,
    );
  const throttleRate = rate === undefined ? 0 : Number(rate);
  if (!(throttleRate >= 0 && throttleRate <= 1))
    throw new StartupError(
      `DYNAMODB_THROTTLE_RATE=${rate} is not a share: use a number from 0 to 1, e.g. 0.05.`,
    );
  return { throttleRate, writeLogFile: log === undefined ? undefined : resolve(log) };
}

/** The options of the mode: each write a line of the log file, written before its answer is used. */
export function cloudRulesOptions(settings: CloudRulesSettings): CloudRulesOptions {
  const { writeLogFile } = settings;
  return {
    conflicts: true,
    throttleRate: settings.throttleRate,
    ...(writeLogFile
      ? {
          writeLog: (entry: WriteLogEntry) =>
            appendFileSync(writeLogFile, `${JSON.stringify(entry)}\n`, { mode: 0o600 }),
        }
      : {}),
  };
}

/**
 * Installs the mode on the handlers' client when the environment asks for it. Called after the
 * handlers' configuration is set: the client module reads it when it loads.
 */
export async function installCloudRules(env = process.env): Promise<CloudRulesSettings | undefined> {
  const settings = readCloudRulesSettings(env);
  if (!settings) return undefined;
  const [{ applyCloudRules }, { dynamo }] = await Promise.all([
    import('./dynamodb-rules'),
    import('#shared/store/client'),
  ]);
  applyCloudRules(dynamo, cloudRulesOptions(settings));
  return settings;
}
