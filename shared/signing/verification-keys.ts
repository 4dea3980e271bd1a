/**
 * The keys that check certificates, for functions that only verify, chosen once: the local key
 * file when `LOCAL_KEYS_DIR` is set, else the keys the signers published (./published.ts). No KMS
 * here, so a verifying function carries no KMS client.
 */
import { signingKeyIds } from './key-ids';
import { LocalSigner } from './local';
import type { VerificationKeys } from './port';
import { PublishedKeys } from './published';

let keys: VerificationKeys | undefined;

function chooseKeys(): VerificationKeys {
  const localDirectory = process.env.LOCAL_KEYS_DIR;
  if (localDirectory) return new LocalSigner(localDirectory);
  return new PublishedKeys(signingKeyIds());
}

export function getVerificationKeys(): VerificationKeys {
  keys ??= chooseKeys();
  return keys;
}
