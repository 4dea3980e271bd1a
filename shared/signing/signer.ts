/**
 * The signer for this process, chosen once: the local key file when `LOCAL_KEYS_DIR` is set (the
 * local runtime sets it), else KMS with the keys the deployment names (./key-ids.ts).
 */
import { type Config, config } from '#shared/config/env';
import { signingKeyIds } from './key-ids';
import { KmsSigner } from './kms';
import { LocalSigner } from './local';
import type { CertificateSigner } from './port';

export function createSigner(settings: Config): CertificateSigner {
  if (settings.localKeysDir) return new LocalSigner(settings.localKeysDir);
  return new KmsSigner(signingKeyIds(settings));
}

let signer: CertificateSigner | undefined;

/** Created on first use, so functions that never sign need no signing configuration. */
export function getSigner(): CertificateSigner {
  signer ??= createSigner(config());
  return signer;
}
