/**
 * Published signing keys against DynamoDB Local: signers publish each public key once, and the
 * verification function reads the ones its deployment names, current first, without KMS.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PublicJwk } from '#shared/signing/port';
import { PublishedKeys } from '#shared/signing/published';
import { publishedSigningKeys, publishSigningKey } from '#shared/store/signing-keys';

const arnOf = (kid: string) => `arn:aws:kms:ap-east-1:123456789012:key/${kid}`;

function newJwk(kid: string = randomUUID()): PublicJwk {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  return { ...jwk, kty: 'EC', kid, alg: 'ES256', use: 'sig' };
}

describe('publishSigningKey', () => {
  it('keeps the first publication of a kid: a key never changes', async () => {
    const first = newJwk();
    await publishSigningKey(first, new Date());
    await publishSigningKey({ ...newJwk(first.kid) }, new Date());
    expect((await publishedSigningKeys()).get(first.kid)).toEqual(first);
  });
});

describe('PublishedKeys', () => {
  it('lists the named keys that are published, current first, and no other', async () => {
    const current = newJwk();
    const previous = newJwk();
    const unnamed = newJwk();
    const keys = new PublishedKeys([arnOf(current.kid), arnOf(previous.kid)]);
    await publishSigningKey(unnamed, new Date());
    expect(await keys.publicKeys()).toEqual([]);

    await publishSigningKey(previous, new Date());
    expect(await keys.publicKeys()).toEqual([previous]);

    // A key published after the first read (its first signature) is found on the next one.
    await publishSigningKey(current, new Date());
    expect(await keys.publicKeys()).toEqual([current, previous]);
  });
});
