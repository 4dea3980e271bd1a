/**
 * getSigner reads its configuration once per module instance: each test stubs the environment,
 * resets the module registry and imports a fresh signer.
 */
import { generateKeyPairSync } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir';

const kms = mockClient(KMSClient);
const CURRENT_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/11111111-1111-1111-1111-111111111111';
const PREVIOUS_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/22222222-2222-2222-2222-222222222222';
const OLDEST_ARN = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/33333333-3333-3333-3333-333333333333';

let dir: ReturnType<typeof makeTempDir>;

/** A fresh copy of the signer module and of the adapters it builds (for instanceof). */
async function freshModules() {
  vi.resetModules();
  const [{ getSigner }, { KmsSigner }, { LocalSigner }] = await Promise.all([
    import('#shared/signing/signer'),
    import('#shared/signing/kms'),
    import('#shared/signing/local'),
  ]);
  return { getSigner, KmsSigner, LocalSigner };
}

beforeEach(() => {
  dir = makeTempDir('signer');
  vi.stubEnv('AWS_REGION', 'cn-northwest-1');
  vi.stubEnv('LOCAL_KEYS_DIR', undefined);
  vi.stubEnv('SIGNING_KEY_ID', undefined);
  vi.stubEnv('SIGNING_PREVIOUS_KEY_IDS', undefined);
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ type: 'spki', format: 'der' }) });
});
afterEach(() => {
  kms.reset();
  vi.unstubAllEnvs();
  dir.remove();
});
afterAll(() => kms.restore());

/** The key ids the signer asked KMS for, in order. */
async function kmsKeysOf(signer: { publicKeys(): Promise<unknown> }): Promise<unknown[]> {
  await signer.publicKeys();
  return kms.commandCalls(GetPublicKeyCommand).map((call) => call.args[0].input.KeyId);
}

describe('getSigner', () => {
  it('uses the local key file when LOCAL_KEYS_DIR is set, even with a KMS key configured', async () => {
    vi.stubEnv('LOCAL_KEYS_DIR', dir.path);
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    const { getSigner, LocalSigner } = await freshModules();
    const signer = getSigner();
    expect(signer).toBeInstanceOf(LocalSigner);
    expect(await signer.publicKeys()).toHaveLength(1);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });

  it('uses KMS with SIGNING_KEY_ID alone', async () => {
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    const { getSigner, KmsSigner } = await freshModules();
    const signer = getSigner();
    expect(signer).toBeInstanceOf(KmsSigner);
    expect(await kmsKeysOf(signer)).toEqual([CURRENT_ARN]);
  });

  it('lists the previous keys of SIGNING_PREVIOUS_KEY_IDS after the current one, ignoring blanks', async () => {
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    vi.stubEnv('SIGNING_PREVIOUS_KEY_IDS', ` ${PREVIOUS_ARN} ,, ${OLDEST_ARN},`);
    const { getSigner, KmsSigner } = await freshModules();
    const signer = getSigner();
    expect(signer).toBeInstanceOf(KmsSigner);
    expect(await kmsKeysOf(signer)).toEqual([CURRENT_ARN, PREVIOUS_ARN, OLDEST_ARN]);
  });

  it('treats an empty LOCAL_KEYS_DIR as unset', async () => {
    vi.stubEnv('LOCAL_KEYS_DIR', '');
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    const { getSigner, KmsSigner } = await freshModules();
    expect(getSigner()).toBeInstanceOf(KmsSigner);
  });

  it('fails with a clear error when neither is configured, previous keys or not', async () => {
    const { getSigner } = await freshModules();
    expect(() => getSigner()).toThrow(/SIGNING_KEY_ID/);

    vi.stubEnv('SIGNING_PREVIOUS_KEY_IDS', PREVIOUS_ARN);
    vi.stubEnv('SIGNING_KEY_ID', '');
    const again = await freshModules();
    expect(() => again.getSigner()).toThrow('Missing environment variable SIGNING_KEY_ID');
  });

  it('chooses once: later calls return the same signer whatever the environment says', async () => {
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    const { getSigner, KmsSigner } = await freshModules();
    const first = getSigner();
    vi.stubEnv('SIGNING_KEY_ID', undefined);
    vi.stubEnv('LOCAL_KEYS_DIR', dir.path);
    expect(getSigner()).toBe(first);
    expect(first).toBeInstanceOf(KmsSigner);
  });
});

describe('getVerificationKeys', () => {
  async function freshVerification() {
    vi.resetModules();
    const [{ getVerificationKeys }, { PublishedKeys }, { LocalSigner }] = await Promise.all([
      import('#shared/signing/verification-keys'),
      import('#shared/signing/published'),
      import('#shared/signing/local'),
    ]);
    return { getVerificationKeys, PublishedKeys, LocalSigner };
  }

  it('reads the local key file when LOCAL_KEYS_DIR is set', async () => {
    vi.stubEnv('LOCAL_KEYS_DIR', dir.path);
    const { getVerificationKeys, LocalSigner } = await freshVerification();
    expect(getVerificationKeys()).toBeInstanceOf(LocalSigner);
  });

  it('reads the published keys in the cloud, never KMS, and needs SIGNING_KEY_ID to know which', async () => {
    const missing = await freshVerification();
    expect(() => missing.getVerificationKeys()).toThrow('Missing environment variable SIGNING_KEY_ID');
    vi.stubEnv('SIGNING_KEY_ID', CURRENT_ARN);
    const { getVerificationKeys, PublishedKeys } = await freshVerification();
    expect(getVerificationKeys()).toBeInstanceOf(PublishedKeys);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });
});
