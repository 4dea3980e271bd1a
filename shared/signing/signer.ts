/**
 * The signer for this process, chosen once: the local key file when `LOCAL_KEYS_DIR` is set (the
 * local runtime sets it), else KMS with the keys the deployment names (./key-ids.ts).
 */
import { signingKeyIds } from './key-ids';
import { KmsSigner } from './kms';
import { LocalSigner } from './local';
import type { CertificateSigner } from './port';

let signer: CertificateSigner | undefined;

function chooseSigner(): CertificateSigner {
  const localDirectory = process.env.LOCAL_KEYS_DIR;
  if (localDirectory) return new LocalSigner(localDirectory);
  return new KmsSigner(signingKeyIds());
}

export function getSigner(): CertificateSigner {
  signer ??= chooseSigner();
  return signer;
}
