/**
 * The keys that check certificates, for functions that only verify, chosen once: the local key
 * file when `LOCAL_KEYS_DIR` is set, else the keys the signers published (./published.ts). No KMS
 * here, so a verifying function carries no KMS client.
 */
import { type Config, config } from '#shared/config/env';
import { signingKeyIds } from './key-ids';
import { LocalSigner } from './local';
import type { VerificationKeys } from './port';
import { PublishedKeys } from './published';

export function createVerificationKeys(settings: Config): VerificationKeys {
  if (settings.localKeysDir) return new LocalSigner(settings.localKeysDir);
  return new PublishedKeys(signingKeyIds(settings));
}

let keys: VerificationKeys | undefined;

export function getVerificationKeys(): VerificationKeys {
  keys ??= createVerificationKeys(config());
  return keys;
}
