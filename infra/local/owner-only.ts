/**
 * DATA_DIR is its owner's alone: folders 0700, files 0600, as the key files always were. The
 * launchers set the umask once, so what this process and the Java it starts create is born that
 * way (DynamoDB Local's .db file included), and tighten what an earlier version left readable.
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The umask the local runtime keeps: no bit for group or others. */
export const OWNER_ONLY_UMASK = 0o077;

/** From here on, files and folders this process or its children create are owner-only. */
export function createOwnerOnlyFromNowOn(): void {
  process.umask(OWNER_ONLY_UMASK);
}

/**
 * Takes the group and others bits off `path` and everything under it (symbolic links are left
 * alone, not followed), so a folder made by an earlier version is tightened on the next start.
 * A missing path is nothing to do.
 */
export function restrictToOwner(path: string): void {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink()) return;
  const mode = stats.mode & 0o7777;
  if (mode & OWNER_ONLY_UMASK) chmodSync(path, mode & ~OWNER_ONLY_UMASK);
  if (stats.isDirectory()) {
    for (const name of readdirSync(path)) restrictToOwner(join(path, name));
  }
}
