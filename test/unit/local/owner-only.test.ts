import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restrictToOwner } from '#infra/local/owner-only';
import { makeTempDir } from '../helpers/temp-dir';

const dir = makeTempDir('owner-only');
afterAll(() => dir.remove());

const mode = (path: string) => statSync(path).mode & 0o7777;

describe('restrictToOwner', () => {
  it('takes group and others off every folder and file of a tree an earlier version left open', () => {
    const root = join(dir.path, 'data');
    mkdirSync(join(root, 'reports', '2026'), { recursive: true });
    writeFileSync(join(root, 'reports', '2026', 'roster.csv'), 'a,b\n');
    writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(root, 'reports', '2026', 'roster.csv'), 0o644);
    chmodSync(join(root, 'run.sh'), 0o755);
    for (const folder of [root, join(root, 'reports'), join(root, 'reports', '2026')])
      chmodSync(folder, 0o777);

    restrictToOwner(root);

    expect(mode(root)).toBe(0o700);
    expect(mode(join(root, 'reports'))).toBe(0o700);
    expect(mode(join(root, 'reports', '2026'))).toBe(0o700);
    expect(mode(join(root, 'reports', '2026', 'roster.csv'))).toBe(0o600);
    // The owner's own bits stay as they were.
    expect(mode(join(root, 'run.sh'))).toBe(0o700);
  });

  it('leaves what a symbolic link points to alone', () => {
    const outside = join(dir.path, 'outside.txt');
    writeFileSync(outside, 'not ours to change');
    chmodSync(outside, 0o644);
    const root = join(dir.path, 'linked');
    mkdirSync(root);
    symlinkSync(outside, join(root, 'link'));

    restrictToOwner(root);

    expect(mode(outside)).toBe(0o644);
  });

  it('does nothing for a path that does not exist', () => {
    expect(() => restrictToOwner(join(dir.path, 'missing'))).not.toThrow();
  });
});
