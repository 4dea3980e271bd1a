/**
 * The signer and the verification keys are chosen from the configuration they are given: each test
 * hands over its own (`loadConfig`), and the process-wide getters choose once.
 */
import { generateKeyPairSync } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { KmsSigner } from '#shared/signing/kms';
import { LocalSigner } from '#shared/signing/local';
import { PublishedKeys } from '#shared/signing/published';
import { createSigner, getSigner } from '#shared/signing/signer';
import { createVerificationKeys } from '#shared/signing/verification-keys';
import { makeTempDir } from '../helpers/temp-dir';

const kms = mockClient(KMSClient);
const CURRENT_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/11111111-1111-1111-1111-111111111111';
const PREVIOUS_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/22222222-2222-2222-2222-222222222222';
const OLDEST_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/33333333-3333-3333-3333-333333333333';

let dir: ReturnType<typeof makeTempDir>;

const signerFor = (env: Env) => createSigner(loadConfig({ AWS_REGION: 'cn-northwest-1', ...env }));
const verificationKeysFor = (env: Env) =>
  createVerificationKeys(loadConfig({ AWS_REGION: 'cn-northwest-1', ...env }));

beforeEach(() => {
  dir = makeTempDir('signer');
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ type: 'spki', format: 'der' }) });
});
afterEach(() => {
  kms.reset();
  dir.remove();
});
afterAll(() => kms.restore());

/** The key ids the signer asked KMS for, in order. */
async function kmsKeysOf(signer: { publicKeys(): Promise<unknown> }): Promise<unknown[]> {
  await signer.publicKeys();
  return kms.commandCalls(GetPublicKeyCommand).map((call) => call.args[0].input.KeyId);
}

describe('createSigner', () => {
  it('uses the local key file when LOCAL_KEYS_DIR is set, even with a KMS key configured', async () => {
    const signer = signerFor({ LOCAL_KEYS_DIR: dir.path, SIGNING_KEY_ID: CURRENT_ARN });
    expect(signer).toBeInstanceOf(LocalSigner);
    expect(await signer.publicKeys()).toHaveLength(1);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });

  it('uses KMS with SIGNING_KEY_ID alone', async () => {
    const signer = signerFor({ SIGNING_KEY_ID: CURRENT_ARN });
    expect(signer).toBeInstanceOf(KmsSigner);
    expect(await kmsKeysOf(signer)).toEqual([CURRENT_ARN]);
  });

  it('lists the previous keys of SIGNING_PREVIOUS_KEY_IDS after the current one, ignoring blanks', async () => {
    const signer = signerFor({
      SIGNING_KEY_ID: CURRENT_ARN,
      SIGNING_PREVIOUS_KEY_IDS: ` ${PREVIOUS_ARN} ,, ${OLDEST_ARN},`,
    });
    expect(signer).toBeInstanceOf(KmsSigner);
    expect(await kmsKeysOf(signer)).toEqual([CURRENT_ARN, PREVIOUS_ARN, OLDEST_ARN]);
  });

  it('treats an empty LOCAL_KEYS_DIR as unset', () => {
    expect(signerFor({ LOCAL_KEYS_DIR: '', SIGNING_KEY_ID: CURRENT_ARN })).toBeInstanceOf(KmsSigner);
  });

  it('fails with a clear error when neither is configured, previous keys or not', () => {
    expect(() => signerFor({})).toThrow(/SIGNING_KEY_ID/);
    expect(() => signerFor({ SIGNING_PREVIOUS_KEY_IDS: PREVIOUS_ARN, SIGNING_KEY_ID: '' })).toThrow(
      'Missing environment variable SIGNING_KEY_ID',
    );
  });

  it('names the function that needs the key, as the cloud names it', () => {
    expect(() => signerFor({ SERVICE_NAME: 'certificates' })).toThrow(
      'Missing environment variable SIGNING_KEY_ID: the certificates function needs it for the KMS key that signs certificates.',
    );
  });
});

describe('getSigner', () => {
  it('chooses once: later calls return the same signer whatever the configuration says', () => {
    useConfig(loadConfig({ AWS_REGION: 'cn-northwest-1', SIGNING_KEY_ID: CURRENT_ARN }));
    const first = getSigner();
    useConfig(loadConfig({ LOCAL_KEYS_DIR: dir.path }));
    expect(getSigner()).toBe(first);
    expect(first).toBeInstanceOf(KmsSigner);
  });
});

describe('createVerificationKeys', () => {
  it('reads the local key file when LOCAL_KEYS_DIR is set', () => {
    expect(verificationKeysFor({ LOCAL_KEYS_DIR: dir.path })).toBeInstanceOf(LocalSigner);
  });

  it('reads the published keys in the cloud, never KMS, and needs SIGNING_KEY_ID to know which', () => {
    expect(() => verificationKeysFor({})).toThrow('Missing environment variable SIGNING_KEY_ID');
    expect(verificationKeysFor({ SIGNING_KEY_ID: CURRENT_ARN })).toBeInstanceOf(PublishedKeys);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });
});
