/**
 * The KMS signing keys this deployment names: `SIGNING_KEY_ID` (current) and
 * `SIGNING_PREVIOUS_KEY_IDS` (retired by a rotation), current first. Missing configuration fails
 * loudly on first use.
 */
import { type Config, missing } from '#shared/config/env';

export function signingKeyIds(settings: Config): string[] {
  const current = settings.signingKeyId;
  if (!current) throw missing(settings, 'SIGNING_KEY_ID', 'the KMS key that signs certificates');
  return [current, ...settings.signingPreviousKeyIds];
}
