/**
 * Every function that answers HTTP requests validates them with zod (`zod/mini`) and the route
 * table's own schemas, so each bundle must carry the HTTP stack's packages, and stay small: it is
 * read and compiled on every cold start. Each handler is bundled as the house bundling does
 * (infra/cloud/house-function.ts: minified ESM, the SDK inside, the credential chain swapped);
 * the size is the JavaScript alone, without the source map that ships beside it.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_CREDENTIALS } from '#infra/cloud/house-function';
import { FUNCTIONS, type FunctionName } from '#shared/functions';
import { ROUTES, type RouteDef } from '#shared/routes';

/**
 * The packages every HTTP function's bundle must contain, by the folder their files come from:
 * middy runs the middlewares, zod validates.
 */
const HTTP_STACK: Record<string, string> = {
  zod: 'node_modules/zod/',
  '@middy/core': 'node_modules/@middy/core/',
};

/**
 * The ceiling of one HTTP function's minified bundle. Every function carries the message
 * catalogue and zod's messages in Chinese and English (Chinese as \u escapes: house bundles are
 * ASCII), and the certificates function the KMS client too.
 */
const MAX_BUNDLE_KB = 440;

/**
 * Above the ceiling by design: the functions that write spreadsheets carry exceljs and its zip
 * stack (over 1 MB together), and only they may (`npm run bench` checks which functions carry it).
 */
const MAKES_SPREADSHEETS = new Set<FunctionName>(['rosters', 'reports']);

/**
 * Above the ceiling by design too: the function that prints certificates carries pdfkit and
 * fontkit (with brotli, for fonts it never reads). Its font is a file beside the bundle, never
 * in it, and no other function carries any of it.
 */
const MAX_PRINTING_BUNDLE_KB = 1600;
const PRINTS_CERTIFICATES = new Set<FunctionName>(['certificate-pdf']);
const PRINTING_FOLDERS = [
  'node_modules/pdfkit/',
  'node_modules/fontkit/',
  'node_modules/@expo-google-fonts/',
  'shared/certificates/pdf/',
];

const served: FunctionName[] = [
  ...new Set(
    (ROUTES as readonly RouteDef[]).filter((route) => !route.localOnly).map((route) => route.function),
  ),
];

interface Bundle {
  bytes: number;
  metafile: Metafile;
}

const bundles = new Map<FunctionName, Promise<Bundle>>();

/** One function's bundle, built once for all the checks on it. */
function bundleOf(name: FunctionName): Promise<Bundle> {
  let bundle = bundles.get(name);
  if (!bundle) {
    bundle = build({
      entryPoints: [FUNCTIONS[name].entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      charset: 'ascii',
      alias: { '@aws-sdk/credential-provider-node': `./${LAMBDA_CREDENTIALS}` },
      write: false,
      metafile: true,
      logLevel: 'silent',
    }).then((result) => ({
      bytes: result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0),
      metafile: result.metafile,
    }));
    bundles.set(name, bundle);
  }
  return bundle;
}

/** Kilobytes of the bundle's output that came from files under `folder`. */
function kilobytesFrom(metafile: Metafile, folder: string): number {
  let bytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      if (file.includes(folder)) bytes += input.bytesInOutput;
    }
  }
  return bytes / 1024;
}

describe('HTTP function bundles', () => {
  it('are found in the route table', () => {
    expect(served).toEqual(
      expect.arrayContaining(['meta', 'sessions', 'registrations', 'trainees', 'verification']),
    );
  });

  it.each(served.flatMap((name) => Object.entries(HTTP_STACK).map(([pkg, folder]) => [name, pkg, folder])))(
    '%s carries %s',
    async (name, pkg, folder) => {
      const { metafile } = await bundleOf(name as FunctionName);
      expect(kilobytesFrom(metafile, folder), `${pkg} is missing from ${name}'s bundle`).toBeGreaterThan(0);
    },
  );

  it.each(served.filter((name) => !MAKES_SPREADSHEETS.has(name) && !PRINTS_CERTIFICATES.has(name)))(
    `%s stays under ${MAX_BUNDLE_KB} KB`,
    async (name) => {
      const { bytes } = await bundleOf(name);
      expect(bytes / 1024).toBeLessThan(MAX_BUNDLE_KB);
    },
  );

  it.each([...MAKES_SPREADSHEETS])('%s, above the ceiling, does carry exceljs', async (name) => {
    expect(served).toContain(name);
    const { metafile } = await bundleOf(name);
    expect(kilobytesFrom(metafile, 'node_modules/exceljs/')).toBeGreaterThan(0);
  });

  it.each(served.filter((name) => !PRINTS_CERTIFICATES.has(name)))(
    '%s carries nothing of the certificate printing (font, pdfkit, fontkit)',
    async (name) => {
      const { metafile } = await bundleOf(name);
      for (const folder of PRINTING_FOLDERS) {
        expect(kilobytesFrom(metafile, folder), `${folder} reached ${name}'s bundle`).toBe(0);
      }
    },
  );

  it.each([...PRINTS_CERTIFICATES])('%s prints with pdfkit, reading the font beside it', async (name) => {
    expect(served).toContain(name);
    const { bytes, metafile } = await bundleOf(name);
    expect(kilobytesFrom(metafile, 'node_modules/pdfkit/')).toBeGreaterThan(0);
    // The font is some 10 MB: a bundle this size has not swallowed it.
    expect(kilobytesFrom(metafile, 'node_modules/@expo-google-fonts/')).toBe(0);
    expect(bytes / 1024).toBeLessThan(MAX_PRINTING_BUNDLE_KB);
  });
});
