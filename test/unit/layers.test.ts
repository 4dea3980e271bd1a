/**
 * The import rule (.dependency-cruiser.cjs, docs/adr/0009-import-layers.md) bites: dependency-
 * cruiser runs it as written on a small tree (test/fixtures/layers/) that breaks each part of it
 * once, beside imports the rule allows, and must report exactly the breaks. `npm run lint:imports`
 * runs the same rule on the repository.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const FIXTURE = 'test/fixtures/layers';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');

describe('the import rule', () => {
  it('reports each break of the fixture tree, and nothing it allows', { timeout: 30_000 }, async () => {
    const { output } = await cruise(['shared', 'functions'], { ...options, baseDir: FIXTURE });
    const violations = (output as ICruiseResult).summary.violations
      .map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)
      .sort();
    expect(violations).toEqual([
      'domain-imports-down-only: shared/domain/plan.ts → shared/store/plans.ts',
      'http-imports-down-only: shared/http/handler.ts → shared/use-cases/publish.ts',
      'in-a-layer: shared/stray/thing.ts → shared/domain/plan.ts',
      'no-circular: shared/domain/names.ts → shared/domain/titles.ts',
      'no-orphans: shared/domain/unused.ts → shared/domain/unused.ts',
      'ports-run-no-flows: shared/mail/notices.ts → shared/store/plans.ts',
    ]);
  });

  it('places every module of shared/ in a layer, those that import nothing too', () => {
    const inALayer = options.ruleSet?.forbidden?.find((rule) => rule.name === 'in-a-layer');
    const layerPaths = [inALayer?.from.pathNot ?? []].flat().map((path) => new RegExp(path));
    expect(layerPaths.length).toBeGreaterThan(0);
    const modules = readdirSync('shared', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => relative('.', join('shared', file)));
    expect(modules.filter((module) => !layerPaths.some((path) => path.test(module)))).toEqual([]);
  });
});
