/**
 * Every ARN the infrastructure code writes is built with its partition (CDK's `formatArn`, the
 * `AWS::Partition` pseudo parameter, or a named constant): a literal `arn:aws:` would be wrong in
 * the China regions (`arn:aws-cn:`). The templates are checked in china-profile.test.ts; this
 * checks the source, where a literal would first appear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/cloud/house-function';

const sourcesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(directory, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(directory, entry.name)]
        : [],
  );

describe('ARNs in infra/', () => {
  it('are never written with a literal arn:aws: prefix', () => {
    const files = sourcesUnder(join(REPO_ROOT, 'infra'));
    expect(files.length).toBeGreaterThan(20);
    const literals = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${relative(REPO_ROOT, file)}:${index + 1}` }))
        .filter(({ line }) => line.includes('arn:aws:'))
        .map(({ where, line }) => `${where} ${line.trim()}`),
    );
    expect(literals).toEqual([]);
  });
});
