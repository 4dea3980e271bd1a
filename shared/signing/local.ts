/**
 * Local adapter: P-256 keys kept in a file under DATA_DIR/keys (as JWKs). The newest key signs;
 * older keys stay listed so certificates they signed still verify. Node's own crypto makes and
 * uses them, so the functions that verify carry no JOSE library.
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, randomBytes, sign } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signingInput } from './jws';
import { type CertificateSigner, JWS_TYPE, type PublicJwk, type SignedBytes } from './port';

interface StoredKey {
  kid: string;
  privateJwk: JsonWebKey;
}

/** A new P-256 key pair, its private half as a JWK (the public half is in it: x and y). */
const newPrivateJwk = (): JsonWebKey =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const FILE = 'certificate-signing-keys.json';

function readKeys(directory: string): StoredKey[] {
  try {
    return JSON.parse(readFileSync(join(directory, FILE), 'utf8')) as StoredKey[];
  } catch {
    return [];
  }
}

/** Replaces the key file whole (write, then rename), so a reader never sees half of it. */
function writeKeys(directory: string, keys: StoredKey[]): void {
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `${FILE}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  renameSync(temporary, join(directory, FILE));
}

/** Time-ordered for reading, random so that keys made in the same millisecond differ. */
const newKid = () => `local-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/**
 * The first key of an empty folder, created once: of several first requests (in this process
 * or another), one writes the file (exclusive create) and the others read what it wrote.
 */
async function firstKey(directory: string): Promise<void> {
  const key: StoredKey = { kid: newKid(), privateJwk: newPrivateJwk() };
  mkdirSync(directory, { recursive: true });
  try {
    writeFileSync(join(directory, FILE), JSON.stringify([key], null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Adds a new current key; the old ones stay for verification. Returns its kid. */
export async function rotateLocalKey(directory: string): Promise<string> {
  const kid = newKid();
  writeKeys(directory, [{ kid, privateJwk: newPrivateJwk() }, ...readKeys(directory)]);
  return kid;
}

const publicHalf = ({ kid, privateJwk }: StoredKey): PublicJwk => {
  const { d: _private, ...rest } = privateJwk;
  return { ...rest, kty: rest.kty ?? 'EC', kid, alg: 'ES256', use: 'sig' } as PublicJwk;
};

export class LocalSigner implements CertificateSigner {
  private created: Promise<void> | undefined;

  constructor(private readonly directory: string) {}

  private async current(): Promise<StoredKey> {
    let keys = readKeys(this.directory);
    if (keys.length === 0) {
      this.created ??= firstKey(this.directory);
      await this.created;
      keys = readKeys(this.directory);
    }
    return keys[0] as StoredKey;
  }

  async sign(claims: Record<string, unknown>): Promise<string> {
    const key = await this.current();
    const input = signingInput({ alg: 'ES256', kid: key.kid, typ: JWS_TYPE }, claims);
    const signature = sign('sha256', Buffer.from(input), {
      key: createPrivateKey({ key: key.privateJwk, format: 'jwk' }),
      // JWS wants r and s side by side, not DER (RFC 7518 §3.4).
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${signature.toString('base64url')}`;
  }

  async signBytes(message: (key: PublicJwk) => Uint8Array): Promise<SignedBytes> {
    const stored = await this.current();
    const key = publicHalf(stored);
    const signature = sign('sha256', message(key), {
      key: createPrivateKey({ key: stored.privateJwk, format: 'jwk' }),
      dsaEncoding: 'ieee-p1363',
    });
    return { key, signature };
  }

  async publicKeys(): Promise<PublicJwk[]> {
    await this.current();
    return readKeys(this.directory).map(publicHalf);
  }
}
