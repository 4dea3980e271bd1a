/**
 * The KMS signing keys this deployment names: `SIGNING_KEY_ID` (current) and
 * `SIGNING_PREVIOUS_KEY_IDS` (comma separated, retired by a rotation), current first. Missing
 * configuration fails loudly on first use.
 */
export function signingKeyIds(env = process.env): string[] {
  const current = env.SIGNING_KEY_ID;
  if (!current)
    throw new Error('Missing environment variable SIGNING_KEY_ID (the KMS certificate signing key)');
  const previous = (env.SIGNING_PREVIOUS_KEY_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return [current, ...previous];
}
