/**
 * Cold starts, measured on what CDK deploys: the app is synthesized into a temporary cloud
 * assembly (every function bundled by the house bundling, exactly as `cdk deploy` uploads it),
 * beside a reference function that only creates a DynamoDB document client, bundled the same
 * way: the floor any function of ours that touches a table pays.
 *
 * For each bundle: its size, what is in it (esbuild's metafile), and four times from 40 fresh
 * `node` processes loading it with the environment the template gives the function: the import
 * alone (read, compile and run its top level); the time from the process's start until the import
 * is done (Node's own start plus the import, less the Lambda runtime's own code); the import plus a
 * first request (one its validation refuses, so no table is needed); and, the target, the time from
 * the process's start until that first request is answered: everything a caller waits for on a cold
 * start but the runtime's own code, so work moved out of the import and into the first request
 * (schemas built on first use, middy's setup) is counted wherever it went. The processes take
 * turns (one round visits every bundle) so that the machine's noise spreads evenly over all of them.
 *
 * Beside them, measured the same way in the same rounds, three bundles that tell what the named
 * libraries of every HTTP function cost: an empty handler, the middy stack alone and zod alone
 * (bench/reference/); a library's share is its bundle's median minus the empty one's.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { buildApp } from '#infra/cloud/app';
import { BUNDLE_METAFILE_CONTEXT, HouseFunction } from '#infra/cloud/house-function';
import { ROLES } from '#shared/domain/roles';
import { ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { httpEvent } from '../test/support/http-event';
import { median } from './stats';

const run = promisify(execFile);

/**
 * Fresh processes per bundle: the issue asks for the median of at least 10. On this shared
 * machine a median of 10 moved by ±0.15 from run to run and one of 20 by ±0.05; with the first
 * answer in the figure (more work per process, more to be disturbed), medians of 40 still moved
 * by up to a tenth between two runs, so 80, for about two minutes more. `BENCH_LOAD_RUNS=3` for a
 * quick look, not a figure to keep.
 */
export const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 80);
export const REFERENCE = 'reference (DynamoDB document client only)';
/** The functions a trainee or the public calls: sessions, registrations, credits, verification. */
export const TRAINEE_PATH = ['sessions', 'registrations', 'trainees', 'verification'] as const;
export const SIZE_TARGET_BYTES = 400 * 1024;
/**
 * Issue 16: from the process's start to the first answered request, at most this times the
 * reference's (its start to its first answered call). Reported against, not enforced: see below.
 */
export const LOAD_RATIO_TARGET = 1.3;
/**
 * Above this the run fails. While others share this machine, these ratios move by up to a tenth
 * from run to run (two full runs on 2026-12-01: sessions 1.29 then 1.39, verification 1.30 then
 * 1.23), so a ratio this far over the target is no noise but a function that grew.
 */
export const LOAD_RATIO_CEILING = 1.45;

/** The bundle every library bundle is measured against: a handler and nothing else. */
export const EMPTY = 'empty bundle (a handler, nothing else)';
/** The named libraries of every HTTP function, each bundled alone (bench/reference/). */
export const LIBRARIES = [
  {
    key: 'middy',
    name: 'middy stack alone (core, header normalizer, CORS, security headers)',
    entry: 'bench/reference/middy.ts',
    isPackage: (name: string) => name.startsWith('@middy/'),
    /** A v2 HTTP event, as the functions get. */
    probe: () => ({
      event: httpEvent({
        routeKey: 'GET /sessions/{sessionId}',
        pathParameters: { sessionId: 'ses_bench' },
        claims: { sub: 'bench', 'cognito:groups': '[trainee]' },
      }),
      status: 200,
    }),
  },
  {
    key: 'zod',
    name: 'zod/mini alone (the sessions schemas, built and parsed)',
    entry: 'bench/reference/zod.ts',
    isPackage: (name: string) => name === 'zod',
    probe: () => ({ event: {}, status: 200 }),
  },
] as const;
export type LibraryKey = (typeof LIBRARIES)[number]['key'];
/** Packages that only functions making files (spreadsheets, pages, QR codes, PDFs) may carry. */
export const HEAVY_PACKAGES = [
  'exceljs',
  'jszip',
  'archiver',
  'unzipper',
  'pako',
  'qrcode',
  'pngjs',
  'pdfkit',
  'fontkit',
  'brotli',
];
export const FILE_MAKERS = ['reports', 'year-end-report', 'rosters', 'certificates', 'certificate-pdf'];

export interface BundleFigures {
  name: string;
  bytes: number;
  /** The biggest packages in the bundle, bytes each (from the metafile). */
  largest: { name: string; bytes: number }[];
  /** Bytes of each package (or folder of ours) in the bundle. */
  packages: Record<string, number>;
  heavy: string[];
  /** The import alone, each run. */
  loadMs: number[];
  medianMs: number;
  /** Median import time over the reference's. */
  ratio: number;
  /** From the process's start until the import is done, each run. */
  processMs: number[];
  processMedianMs: number;
  /** Median process time over the reference's. */
  processRatio: number;
  /** The import and a first (refused) request, each run; empty for functions that serve no route. */
  firstRequestMs: number[];
  firstRequestMedianMs: number | undefined;
  /** Median import-and-first-request time over the reference's (import and a call). */
  firstRequestRatio: number | undefined;
  /** From the process's start until the first request is answered, each run; empty without a probe. */
  answeredMs: number[];
  answeredMedianMs: number | undefined;
  /** Median start-to-answer time over the reference's (its start to its first answered call). */
  answeredRatio: number | undefined;
}

export interface LibraryFigures {
  key: LibraryKey;
  /** The library's bundle, measured as the functions are. */
  bundle: BundleFigures;
  /** Bytes of the library's own packages in its bundle. */
  libraryBytes: number;
  /** Its median start-to-answer time minus the empty bundle's, in ms: the library's share. */
  shareMs: number;
  /** The same for the import alone. */
  importShareMs: number;
}

export interface ColdStartResult {
  node: string;
  reference: BundleFigures;
  functions: BundleFigures[];
  empty: BundleFigures;
  libraries: LibraryFigures[];
}

/** Bytes of a library's packages in a bundle. */
export function libraryBytes(figure: BundleFigures, key: LibraryKey): number {
  const library = LIBRARIES.find((candidate) => candidate.key === key);
  if (!library) throw new Error(`No library ${key}`);
  return Object.entries(figure.packages)
    .filter(([name]) => library.isPackage(name))
    .reduce((sum, [, bytes]) => sum + bytes, 0);
}

interface Bundle {
  name: string;
  file: string;
  env: Record<string, string>;
  /** A first request and the status it must get, for functions that serve routes. */
  probe?: { event: unknown; status: number };
}

/**
 * A request the function refuses at validation, before any table is read: its first route with
 * input, every path parameter malformed and an unknown query key, from a caller holding every role
 * (so the refusal is the validator's, not the access check's). The reference gets any event.
 */
function probeFor(name: string): Bundle['probe'] {
  if (name === REFERENCE || name === EMPTY) return { event: {}, status: 200 };
  const library = LIBRARIES.find((candidate) => candidate.name === name);
  if (library) return library.probe();
  const route = (ROUTES as readonly RouteDef[]).find(
    (candidate) =>
      candidate.function === name && !candidate.localOnly && (candidate.params || candidate.query),
  );
  if (!route) return undefined;
  const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1], 'not an id!']);
  return {
    status: 400,
    event: httpEvent({
      routeKey: routeKey(route),
      pathParameters: Object.fromEntries(parameters),
      query: { 'not-a-parameter': 'x' },
      claims: { sub: 'bench', 'cognito:groups': `[${ROLES.join(' ')}]` },
    }),
  };
}

/**
 * A variable that refers to another resource (a table's name, a queue's URL, the verification
 * page's domain) is a CloudFormation expression in the template. The functions check the form of
 * what they are given when they load (shared/config/env.ts), so each reference becomes a made-up
 * value of the form it stands for, and a join is joined.
 */
function placeholder(value: unknown): string {
  if (typeof value === 'string') return value;
  const expression = value as { 'Fn::Join'?: [string, unknown[]] };
  const join = expression['Fn::Join'];
  if (join) return join[1].map(placeholder).join(join[0]);
  const target = JSON.stringify(value);
  if (/Queue/.test(target)) return 'https://sqs.ap-east-1.amazonaws.com/123456789012/bench-queue';
  if (/DomainName/.test(target)) return 'd1234abcd.cloudfront.net';
  if (/Arn/.test(target)) return 'arn:aws:kms:ap-east-1:123456789012:key/bench';
  // A table, bucket or function name.
  return `bench-${target
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-40)
    .toLowerCase()}`;
}

/** The functions' bundles in a synthesized assembly, with the environment each template gives. */
function bundlesIn(outdir: string): Bundle[] {
  const bundles: Bundle[] = [];
  for (const file of readdirSync(outdir).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
      Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const props = resource.Properties as {
        Code?: { S3Key?: unknown };
        Environment?: { Variables?: Record<string, unknown> };
      };
      const variables = props.Environment?.Variables ?? {};
      const name = variables.SERVICE_NAME;
      const key = props.Code?.S3Key;
      // Only house functions have a service name; CDK's own helpers (custom resources) do not.
      if (typeof name !== 'string' || typeof key !== 'string') continue;
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const bundleFile = join(dir, 'index.mjs');
      if (!existsSync(bundleFile)) throw new Error(`No bundle for ${name} at ${bundleFile}`);
      const env = Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : placeholder(v)]),
      );
      const probe = probeFor(name);
      bundles.push({ name, file: bundleFile, env, ...(probe ? { probe } : {}) });
    }
  }
  return bundles;
}

function synthesize(outdir: string): Bundle[] {
  const context = { [BUNDLE_METAFILE_CONTEXT]: true };
  buildApp({ appProps: { outdir: join(outdir, 'app'), context } }).app.synth();
  const referenceApp = new App({ outdir: join(outdir, 'reference'), context });
  new HouseFunction(new Stack(referenceApp, 'Reference'), 'Reference', {
    name: REFERENCE,
    entry: 'bench/reference/handler.ts',
    description: 'Cold-start reference: a DynamoDB document client and nothing else',
  });
  // The library bundles, by the same house bundling.
  const libraries = new Stack(referenceApp, 'Libraries');
  new HouseFunction(libraries, 'Empty', {
    name: EMPTY,
    entry: 'bench/reference/empty.ts',
    description: 'Cold-start floor of the library bundles: a handler and nothing else',
  });
  for (const library of LIBRARIES) {
    new HouseFunction(libraries, library.key, {
      name: library.name,
      entry: library.entry,
      description: `Cold-start share of ${library.key}`,
      // What the service stack gives every function (its CORS rule), for the middy stack's options.
      environment: { CORS_ALLOWED_ORIGINS: process.env.CORS_ALLOWED_ORIGINS ?? '' },
    });
  }
  referenceApp.synth();
  return [...bundlesIn(join(outdir, 'reference')), ...bundlesIn(join(outdir, 'app'))];
}

function contents(bundleFile: string): Pick<BundleFigures, 'largest' | 'heavy' | 'packages'> {
  const metafile = join(bundleFile, '..', 'index.meta.json');
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const output = Object.entries(meta.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match?.[1] ?? path.split('/').slice(0, 2).join('/');
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  const largest = [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return {
    largest,
    heavy: HEAVY_PACKAGES.filter((name) => byPackage.has(name)),
    packages: Object.fromEntries(byPackage),
  };
}

interface LoadTimes {
  importMs: number;
  processMs: number;
  /** Undefined for a bundle without a probe. */
  firstRequestMs?: number;
  /** From the process's start until the first request is answered; undefined without a probe. */
  answeredMs?: number;
  status?: number;
}

/** What the child prints its times after (a handler may log lines of its own before). */
const TIMES_MARK = '\n@@bench-times ';

/**
 * One fresh process importing the bundle: the import alone, the time since the process began
 * (`performance.now()` counts from the process's start), and, with a probe, the import plus one
 * request and the time from the process's start until that request is answered, in ms.
 */
async function loadOnce(bundle: Bundle): Promise<LoadTimes> {
  const script =
    'const started = performance.now(); const loaded = await import(process.argv[1]); const done = performance.now(); ' +
    'const probe = process.argv[2] ? JSON.parse(process.argv[2]) : undefined; let answer; ' +
    "if (probe) answer = await loaded.handler(probe, { functionName: 'bench', awsRequestId: 'bench' }); " +
    'const answered = performance.now(); ' +
    `process.stdout.write(${JSON.stringify(TIMES_MARK)} + JSON.stringify({ importMs: done - started, processMs: done, ` +
    '...(probe ? { firstRequestMs: answered - started, answeredMs: answered, status: answer?.statusCode } : {}) }));';
  const probe = bundle.probe ? [JSON.stringify(bundle.probe.event)] : [];
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', script, bundle.file, ...probe],
    {
      env: {
        PATH: process.env.PATH ?? '',
        // What Lambda puts in every function's environment, with harmless values.
        AWS_REGION: 'ap-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_SESSION_TOKEN: 'bench',
        AWS_LAMBDA_FUNCTION_NAME: bundle.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...bundle.env,
      },
    },
  );
  const times = JSON.parse(stdout.slice(stdout.lastIndexOf(TIMES_MARK) + TIMES_MARK.length)) as LoadTimes;
  if (!Number.isFinite(times.importMs) || !Number.isFinite(times.processMs))
    throw new Error(`Loading ${bundle.name} printed ${JSON.stringify(stdout)}`);
  if (bundle.probe && times.status !== bundle.probe.status) {
    throw new Error(
      `The first request to ${bundle.name} got ${times.status}, not ${bundle.probe.status}: ${stdout}`,
    );
  }
  return times;
}

export async function coldStart(): Promise<ColdStartResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'gx-bench-cold-'));
  try {
    const started = performance.now();
    const bundles = synthesize(outdir);
    console.log(
      `synthesized ${bundles.length} bundles in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const times = new Map(bundles.map((bundle) => [bundle.name, [] as LoadTimes[]]));
    for (let round = 0; round < LOAD_RUNS; round++) {
      for (const bundle of bundles) times.get(bundle.name)?.push(await loadOnce(bundle));
    }
    const figures = bundles.map((bundle): BundleFigures => {
      const runs = times.get(bundle.name) ?? [];
      const loadMs = runs.map((run) => run.importMs);
      const processMs = runs.map((run) => run.processMs);
      const firstRequestMs = runs.flatMap((run) =>
        run.firstRequestMs === undefined ? [] : [run.firstRequestMs],
      );
      const answeredMs = runs.flatMap((run) => (run.answeredMs === undefined ? [] : [run.answeredMs]));
      return {
        name: bundle.name,
        bytes: statSync(bundle.file).size,
        ...contents(bundle.file),
        loadMs,
        medianMs: median(loadMs),
        ratio: 0,
        processMs,
        processMedianMs: median(processMs),
        processRatio: 0,
        firstRequestMs,
        firstRequestMedianMs: firstRequestMs.length ? median(firstRequestMs) : undefined,
        firstRequestRatio: undefined,
        answeredMs,
        answeredMedianMs: answeredMs.length ? median(answeredMs) : undefined,
        answeredRatio: undefined,
      };
    });
    const reference = figures.find((figure) => figure.name === REFERENCE);
    if (!reference) throw new Error('The reference bundle is missing from the assembly');
    for (const figure of figures) {
      figure.ratio = figure.medianMs / reference.medianMs;
      figure.processRatio = figure.processMedianMs / reference.processMedianMs;
      if (figure.firstRequestMedianMs !== undefined && reference.firstRequestMedianMs !== undefined) {
        figure.firstRequestRatio = figure.firstRequestMedianMs / reference.firstRequestMedianMs;
      }
      if (figure.answeredMedianMs !== undefined && reference.answeredMedianMs !== undefined) {
        figure.answeredRatio = figure.answeredMedianMs / reference.answeredMedianMs;
      }
    }
    const named = (name: string) => {
      const figure = figures.find((candidate) => candidate.name === name);
      if (!figure) throw new Error(`The bundle "${name}" is missing from the assembly`);
      return figure;
    };
    const empty = named(EMPTY);
    const answered = (figure: BundleFigures) => {
      if (figure.answeredMedianMs === undefined) throw new Error(`${figure.name} answered no request`);
      return figure.answeredMedianMs;
    };
    const libraries = LIBRARIES.map((library): LibraryFigures => {
      const bundle = named(library.name);
      return {
        key: library.key,
        bundle,
        libraryBytes: libraryBytes(bundle, library.key),
        shareMs: answered(bundle) - answered(empty),
        importShareMs: bundle.medianMs - empty.medianMs,
      };
    });
    const measuredAside = new Set<BundleFigures>([
      reference,
      empty,
      ...libraries.map((entry) => entry.bundle),
    ]);
    const functions = figures
      .filter((figure) => !measuredAside.has(figure))
      .sort((a, b) => a.name.localeCompare(b.name, 'en'));
    return { node: process.version, reference, functions, empty, libraries };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
