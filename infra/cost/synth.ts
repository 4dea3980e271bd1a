/**
 * The app's templates synthesized in process, as `cdk synth` builds them (cdk-nag included) but
 * without bundling the functions' code, which changes no resource: the context key
 * `cdk synth --exclusively` uses to pick the stacks to bundle, set to none. The cloud assembly is
 * written to a temporary directory and read like any other (nested stacks' templates included),
 * then removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildAppOptions, buildApp } from '#infra/cloud/app';
import { readAssemblyTemplates, type StackTemplate } from './assembly';

export function synthesizeTemplates(options: BuildAppOptions = {}): StackTemplate[] {
  const outdir = mkdtempSync(join(tmpdir(), 'gx-cost-'));
  try {
    const { app } = buildApp({
      ...options,
      appProps: {
        outdir,
        ...options.appProps,
        context: { 'aws:cdk:bundling-stacks': [], ...options.appProps?.context },
      },
    });
    app.synth();
    return readAssemblyTemplates(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
