/**
 * The signer for this process, chosen once: the local key file when `LOCAL_KEYS_DIR` is set (the
 * local runtime sets it), else KMS with `SIGNING_KEY_ID` (and `SIGNING_PREVIOUS_KEY_IDS`, comma
 * separated, for keys retired by a rotation). Missing configuration fails loudly on first use.
 */
import { KmsSigner } from './kms';
import { LocalSigner } from './local';
import type { CertificateSigner } from './port';

let signer: CertificateSigner | undefined;

function chooseSigner(): CertificateSigner {
  const localDirectory = process.env.LOCAL_KEYS_DIR;
  if (localDirectory) return new LocalSigner(localDirectory);
  const current = process.env.SIGNING_KEY_ID;
  if (!current)
    throw new Error('Missing environment variable SIGNING_KEY_ID (the KMS certificate signing key)');
  const previous = (process.env.SIGNING_PREVIOUS_KEY_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return new KmsSigner([current, ...previous]);
}

export function getSigner(): CertificateSigner {
  signer ??= chooseSigner();
  return signer;
}
