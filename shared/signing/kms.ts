/**
 * Cloud adapter: the KMS key of the data stack (ECC_NIST_P256, SIGN_VERIFY). The private key never
 * leaves KMS: we send it the SHA-256 digest of the JWS signing input and turn its DER signature
 * into JOSE form. Previous key ids stay listed in the JWKS after a rotation.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { publishSigningKey } from '#shared/store/signing-keys';
import { derToJose, signingInput } from './jws';
import { type CertificateSigner, JWS_TYPE, kidOf, type PublicJwk, type SignedBytes } from './port';

let client: KMSClient | undefined;
/** Made on first use: a cold start that only looks a certificate up does not build it. */
const kms = () => (client ??= new KMSClient({}));

export class KmsSigner implements CertificateSigner {
  private keys: Promise<PublicJwk[]> | undefined;
  private published: Promise<void> | undefined;

  /** `keyIds`: the current key first, then retired ones (ids or ARNs). */
  constructor(private readonly keyIds: readonly string[]) {
    if (keyIds.length === 0) throw new Error('KmsSigner needs at least one key id');
  }

  /**
   * Publishes the public keys (shared/store/signing-keys.ts) before the first signature of this
   * container: a certificate can only exist once the key that checks it is readable by verifiers.
   */
  private publish(): Promise<void> {
    this.published ??= this.publicKeys()
      .then(async (keys) => {
        const now = new Date();
        for (const key of keys) await publishSigningKey(key, now);
      })
      .catch((error: unknown) => {
        // Not kept: the next signature tries again.
        this.published = undefined;
        throw error;
      });
    return this.published;
  }

  async sign(claims: Record<string, unknown>): Promise<string> {
    await this.publish();
    const keyId = this.keyIds[0] as string;
    const input = signingInput({ alg: 'ES256', kid: kidOf(keyId), typ: JWS_TYPE }, claims);
    const { Signature } = await kms().send(
      new SignCommand({
        KeyId: keyId,
        Message: createHash('sha256').update(input).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return `${input}.${derToJose(Signature).toString('base64url')}`;
  }

  async signBytes(message: (key: PublicJwk) => Uint8Array): Promise<SignedBytes> {
    await this.publish();
    const key = (await this.publicKeys())[0] as PublicJwk;
    const { Signature } = await kms().send(
      new SignCommand({
        KeyId: this.keyIds[0] as string,
        Message: createHash('sha256').update(message(key)).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return { key, signature: derToJose(Signature) };
  }

  /** Fetched once per container: public keys do not change. */
  publicKeys(): Promise<PublicJwk[]> {
    this.keys ??= Promise.all<PublicJwk>(
      this.keyIds.map(async (keyId) => {
        const { PublicKey } = await kms().send(new GetPublicKeyCommand({ KeyId: keyId }));
        if (!PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
        const jwk = createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }).export({
          format: 'jwk',
        });
        return {
          ...jwk,
          kty: jwk.kty ?? 'EC',
          kid: kidOf(keyId),
          alg: 'ES256' as const,
          use: 'sig' as const,
        };
      }),
    ).catch((error: unknown) => {
      // A failed fetch is not kept: the next call asks KMS again.
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }
}
