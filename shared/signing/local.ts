import { randomBytes } from 'node:crypto';
/**
 * Local adapter: P-256 keys kept in a file under DATA_DIR/keys. The newest key signs; older keys
 * stay listed so certificates they signed still verify.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { type CertificateSigner, JWS_TYPE, type PublicJwk } from './port';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

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
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key: StoredKey = { kid: newKid(), privateJwk: await exportJWK(privateKey) };
  mkdirSync(directory, { recursive: true });
  try {
    writeFileSync(join(directory, FILE), JSON.stringify([key], null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Adds a new current key; the old ones stay for verification. Returns its kid. */
export async function rotateLocalKey(directory: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = newKid();
  writeKeys(directory, [{ kid, privateJwk: await exportJWK(privateKey) }, ...readKeys(directory)]);
  return kid;
}

const publicHalf = ({ kid, privateJwk }: StoredKey): PublicJwk => {
  const { d: _private, ...rest } = privateJwk;
  return { ...rest, kty: rest.kty ?? 'EC', kid, alg: 'ES256', use: 'sig' };
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
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: JWS_TYPE })
      .sign(await importJWK(key.privateJwk, 'ES256'));
  }

  async publicKeys(): Promise<PublicJwk[]> {
    await this.current();
    return readKeys(this.directory).map(publicHalf);
  }
}
