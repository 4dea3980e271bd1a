/** The environment of the conflict-faithful mode: read strictly, so a typo never runs at DynamoDB Local's rules unnoticed. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudRulesOptions, readCloudRulesSettings } from '#infra/local/cloud-rules-env';
import { StartupError } from '#infra/local/preflight';
import { registrationKey } from '#shared/store/registrations';

describe('DYNAMODB_RULES and its companions', () => {
  it('leaves DynamoDB Local as it is when unset or empty', () => {
    expect(readCloudRulesSettings({})).toBeUndefined();
    expect(readCloudRulesSettings({ DYNAMODB_RULES: '' })).toBeUndefined();
  });

  it('reads the cloud rules with a throttle rate and a write log', () => {
    expect(readCloudRulesSettings({ DYNAMODB_RULES: 'cloud' })).toEqual({
      throttleRate: 0,
      writeLogFile: undefined,
    });
    expect(
      readCloudRulesSettings({
        DYNAMODB_RULES: 'cloud',
        DYNAMODB_THROTTLE_RATE: '0.05',
        DYNAMODB_WRITE_LOG: '/tmp/w.jsonl',
      }),
    ).toEqual({ throttleRate: 0.05, writeLogFile: '/tmp/w.jsonl' });
  });

  it.each([
    [{ DYNAMODB_RULES: 'Cloud' }, /DYNAMODB_RULES=Cloud is not known/],
    [{ DYNAMODB_RULES: 'cloud', DYNAMODB_THROTTLE_RATE: '5%' }, /DYNAMODB_THROTTLE_RATE=5% is not a share/],
    [{ DYNAMODB_RULES: 'cloud', DYNAMODB_THROTTLE_RATE: '1.5' }, /DYNAMODB_THROTTLE_RATE=1.5 is not a share/],
    [{ DYNAMODB_WRITE_LOG: '/tmp/w.jsonl' }, /only with DYNAMODB_RULES=cloud/],
    [{ DYNAMODB_THROTTLE_RATE: '0.1' }, /only with DYNAMODB_RULES=cloud/],
  ])('refuses %o with one sentence', (env, message) => {
    expect(() => readCloudRulesSettings(env)).toThrow(StartupError);
    expect(() => readCloudRulesSettings(env)).toThrow(message);
  });

  it('appends each write to the log as one JSON line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gx-write-log-')), 'writes.jsonl');
    const { writeLog } = cloudRulesOptions({ throttleRate: 0, writeLogFile: file });
    const entry = {
      at: '2027-03-01T00:00:00.000Z',
      writer: 'POST /sessions/s1/registrations',
      operation: 'PutItem' as const,
      table: 'registrations',
      key: registrationKey('r1'),
      action: 'put' as const,
      outcome: 'written' as const,
    };
    writeLog?.(entry);
    writeLog?.({ ...entry, writer: null });
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([entry, { ...entry, writer: null }]);
  });
});
