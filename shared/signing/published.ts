/**
 * Cloud verification keys: the public keys the signing functions published in the certificates
 * table (shared/store/signing-keys.ts), limited to the keys this deployment names (the current
 * one and the retired ones still trusted), current first. A key retired from the configuration
 * stops verifying even though its record stays.
 */
import { publishedSigningKeys } from '#shared/store/signing-keys';
import { kidOf, type PublicJwk, type VerificationKeys } from './port';

export class PublishedKeys implements VerificationKeys {
  private complete: PublicJwk[] | undefined;

  /** `keyIds`: the current key first, then retired ones (ids or ARNs), as the signers have them. */
  constructor(private readonly keyIds: readonly string[]) {}

  async publicKeys(): Promise<PublicJwk[]> {
    if (this.complete) return this.complete;
    const published = await publishedSigningKeys();
    const keys = this.keyIds.map((id) => published.get(kidOf(id))).filter((key) => key !== undefined);
    // Kept for the container once every named key is there; until then (a key not yet used to
    // sign anything), read again on the next request.
    if (keys.length === this.keyIds.length) this.complete = keys;
    return keys;
  }
}
