/**
 * The monthly cost model at 10 thousand, 1 million and 10 million API requests a month, broken
 * down by service, from the list prices of prices.ts. Every assumption is a named constant below;
 * docs/cost.md's "What it costs" table is this model's output (`npm run cost` prints it, and
 * test/infra/cost.test.ts checks that the two agree).
 */
import { JOBS } from '#shared/jobs';
import { GIB, PRICE_DATE, PRICES, REGION, REGION_NAME } from './prices';
import { runsPerMonth } from './schedules';

export const REQUEST_LEVELS = [10_000, 1_000_000, 10_000_000] as const;

/** A kind of API request: its share of all requests and what one of it uses. */
export interface RequestKind {
  name: string;
  /** Routes of shared/routes.ts it stands for. */
  routes: string;
  /** Share of all API requests (the shares add up to 1). */
  share: number;
  /** DynamoDB read request units (reads are eventually consistent unless in a transaction). */
  readUnits: number;
  /** DynamoDB write request units (a transactional write of a 1 KB item is 2). */
  writeUnits: number;
  /** Billed handler duration of a warm invocation. */
  lambdaMs: number;
  memoryMb: number;
  /** KMS Sign calls (a certificate's ES256 signature). */
  kmsSigns: number;
  /** S3 GETs and PUTs on the reports bucket. */
  s3Gets: number;
  s3Puts: number;
  /** Response body sent to the client. */
  responseKb: number;
  /** Data it leaves in the tables, with its index copies (three GSIs project ALL). */
  storedKb: number;
}

/** The request mix, from the route table: mostly reads; writes are transactions. */
export const REQUEST_MIX: readonly RequestKind[] = [
  {
    name: 'read',
    routes: 'GET of one item or one page of a list (50 items); public plans, keys, verification',
    share: 0.78,
    readUnits: 4,
    writeUnits: 0,
    lambdaMs: 40,
    memoryMb: 512,
    kmsSigns: 0,
    s3Gets: 0,
    s3Puts: 0,
    responseKb: 4,
    storedKb: 0,
  },
  {
    name: 'write',
    routes: 'create or change organizations, plans, sessions, expenses, profiles, attendance',
    share: 0.12,
    readUnits: 3,
    writeUnits: 8,
    lambdaMs: 80,
    memoryMb: 512,
    kmsSigns: 0,
    s3Gets: 0,
    s3Puts: 0,
    responseKb: 2,
    storedKb: 6,
  },
  {
    name: 'registration',
    routes:
      'register (a seat claimed and the registration put, or the put alone), cancel (hands the seat on)',
    share: 0.07,
    readUnits: 4,
    writeUnits: 12,
    lambdaMs: 100,
    memoryMb: 512,
    kmsSigns: 0,
    s3Gets: 0,
    s3Puts: 0,
    responseKb: 2,
    storedKb: 8,
  },
  {
    name: 'certificate',
    routes: 'results with a pass, technical certificates: a number and a KMS signature',
    share: 0.02,
    readUnits: 4,
    writeUnits: 14,
    lambdaMs: 150,
    memoryMb: 512,
    kmsSigns: 1,
    s3Gets: 0,
    s3Puts: 0,
    responseKb: 6,
    storedKb: 6,
  },
  {
    name: 'export',
    routes: 'roster CSV/XLSX (512 MB), report files and compilation (1024 MB)',
    share: 0.01,
    readUnits: 60,
    writeUnits: 0,
    lambdaMs: 800,
    memoryMb: 768,
    kmsSigns: 0,
    s3Gets: 0.5,
    s3Puts: 0.1,
    responseKb: 60,
    storedKb: 0,
  },
];

/** Invocations that start a new execution environment; INIT is billed (since 2025-08-01). */
export const COLD_START_SHARE = 0.02;
export const COLD_START_INIT_MS = 700;
/** A cold start of a signing or verifying function reads the public key (KMS GetPublicKey). */
export const KMS_REQUESTS_PER_COLD_START = 1;

/** Logs per request: the request's log line, Lambda's START/END/REPORT, the access log. */
export const LOG_BYTES_PER_REQUEST = 1_500;
/** Log groups keep one month (RetentionDays.ONE_MONTH): about a month of logs is stored. */
export const LOG_MONTHS_STORED = 1;

/** Reminder mails per 1,000 API requests (two or three per registration, plus notices). */
export const MAILS_PER_1000_REQUESTS = 100;
/** Mails per mailer invocation (asynchronous invocation with a batch of reminders). */
export const MAILS_PER_MAILER_INVOCATION = 25;
/** Mailer time per mail (one SES call), at the mailer's memory. */
export const MAILER_MS_PER_MAIL = 150;
export const MAILER_MEMORY_MB = 512;
/** DynamoDB per mail: the reminders job reads ~2 items (BENCHMARKS.md), the mailer writes its sent record. */
export const READ_UNITS_PER_MAIL = 1;
export const WRITE_UNITS_PER_MAIL = 4;
export const LOG_BYTES_PER_MAIL = 600;

/** A scheduled job's fixed part per run (nothing due): this long at 512 MB. */
export const JOB_RUN_SECONDS = 2;
export const JOB_MEMORY_MB = 512;

/** The certificate verification page (CloudFront + S3) per 1,000 API requests. */
export const VERIFICATION_PAGE_VIEWS_PER_1000_REQUESTS = 10;
/** The page's four files, and its two API calls (keys, verification), which CloudFront forwards. */
export const CLOUDFRONT_REQUESTS_PER_VIEW = 6;
export const KB_PER_VIEW = 120;

/** Monthly active users (Cognito) per 100 API requests: one. */
export const REQUESTS_PER_MONTHLY_ACTIVE_USER = 100;

/** Stored data is priced as it stands after a year at the month's rate. */
export const MONTHS_OF_DATA = 12;

/** One row of the table: a service and what it costs at each level. */
export interface CostRow {
  service: string;
  usd: number[];
}

export interface CostTable {
  levels: readonly number[];
  rows: CostRow[];
  total: number[];
  /** The total less Cognito's free monthly active users (Essentials: 10,000, every month). */
  totalWithCognitoFreeTier: number[];
}

const P = PRICES;
const KB = 1024;

/** The average of one request over the mix. */
function average(pick: (kind: RequestKind) => number): number {
  return REQUEST_MIX.reduce((sum, kind) => sum + kind.share * pick(kind), 0);
}

/** The cost of each service at `requests` API requests a month. */
export function monthlyCost(requests: number): Record<string, number> {
  const mails = (requests / 1_000) * MAILS_PER_1000_REQUESTS;
  const mailerInvocations = mails / MAILS_PER_MAILER_INVOCATION;
  const coldStarts = requests * COLD_START_SHARE;
  const gbSeconds =
    requests * average((kind) => (kind.lambdaMs / 1000) * (kind.memoryMb / 1024)) +
    coldStarts * (COLD_START_INIT_MS / 1000) * average((kind) => kind.memoryMb / 1024) +
    mails * (MAILER_MS_PER_MAIL / 1000) * (MAILER_MEMORY_MB / 1024);
  const lambda = (requests + mailerInvocations) * P.lambda.request + gbSeconds * P.lambda.gbSecondArm;

  const dynamodbRequests =
    (requests * average((kind) => kind.readUnits) + mails * READ_UNITS_PER_MAIL) *
      P.dynamodb.readRequestUnit +
    (requests * average((kind) => kind.writeUnits) + mails * WRITE_UNITS_PER_MAIL) *
      P.dynamodb.writeRequestUnit;
  const storedGb = (MONTHS_OF_DATA * requests * average((kind) => kind.storedKb) * KB) / GIB;
  const dynamodbStorage = storedGb * (P.dynamodb.storageGbMonth + P.dynamodb.pitrGbMonth);

  const logGb = (requests * LOG_BYTES_PER_REQUEST + mails * LOG_BYTES_PER_MAIL) / GIB;
  const logs = logGb * (P.cloudWatch.logIngestionGb + LOG_MONTHS_STORED * P.cloudWatch.logStorageGbMonth);

  const kms =
    P.kms.keyMonth +
    (requests * average((kind) => kind.kmsSigns) + coldStarts * KMS_REQUESTS_PER_COLD_START) *
      P.kms.asymmetricRequest;

  const s3 =
    requests * average((kind) => kind.s3Gets) * P.s3.getRequest +
    requests * average((kind) => kind.s3Puts) * P.s3.putRequest;

  const views = (requests / 1_000) * VERIFICATION_PAGE_VIEWS_PER_1000_REQUESTS;
  const cloudFront =
    views * CLOUDFRONT_REQUESTS_PER_VIEW * P.cloudFront.httpsRequest +
    ((views * KB_PER_VIEW * KB) / GIB) * P.cloudFront.dataTransferGb;

  const responsesGb = (requests * average((kind) => kind.responseKb) * KB) / GIB;

  const jobRuns = JOBS.reduce((sum, job) => sum + runsPerMonth(`cron(${job.cron})`), 0);
  const jobs =
    jobRuns *
    (P.scheduler.invocation +
      P.lambda.request +
      JOB_RUN_SECONDS * (JOB_MEMORY_MB / 1024) * P.lambda.gbSecondArm);

  return {
    'Lambda (functions, mailer, cold starts)': lambda,
    'API Gateway HTTP API': requests * P.apiGateway.httpRequest,
    'DynamoDB reads and writes': dynamodbRequests,
    [`DynamoDB storage + PITR (${MONTHS_OF_DATA} months of data)`]: dynamodbStorage,
    'CloudWatch Logs (ingest + 1 month stored)': logs,
    'KMS (signing key + signatures)': kms,
    'SES (reminder mail)': mails * P.ses.mail,
    'S3 (report files)': s3,
    'CloudFront (verification page)': cloudFront,
    'Data transfer out (API responses)': responsesGb * P.dataTransfer.outGb,
    [`Scheduled jobs (${formatNumber(jobRuns)} runs a month)`]: jobs,
    'Cognito (monthly active users)': (requests / REQUESTS_PER_MONTHLY_ACTIVE_USER) * P.cognito.essentialsMau,
  };
}

export function costTable(levels: readonly number[] = REQUEST_LEVELS): CostTable {
  const byLevel = levels.map(monthlyCost);
  const services = Object.keys(byLevel[0] ?? {});
  const rows = services.map((service) => ({ service, usd: byLevel.map((costs) => costs[service] ?? 0) }));
  const total = byLevel.map((costs) => Object.values(costs).reduce((sum, usd) => sum + usd, 0));
  const totalWithCognitoFreeTier = levels.map((requests, i) => {
    const users = requests / REQUESTS_PER_MONTHLY_ACTIVE_USER;
    const free = Math.min(users, P.cognito.essentialsFreeMau) * P.cognito.essentialsMau;
    return (total[i] ?? 0) - free;
  });
  return { levels, rows, total, totalWithCognitoFreeTier };
}

/** Dollars as docs/cost.md shows them: two decimals, `<0.01` for less than a cent. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '0.00';
  if (usd < 0.005) return '<0.01';
  return usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** The table's cells, header first, as docs/cost.md shows them. */
export function costTableCells(table: CostTable = costTable()): string[][] {
  return [
    ['service (USD a month)', ...table.levels.map((level) => `${formatNumber(level)} requests`)],
    ...table.rows.map((row) => [row.service, ...row.usd.map(formatUsd)]),
    ['**total**', ...table.total.map((usd) => `**${formatUsd(usd)}**`)],
    [
      `total with Cognito's ${formatNumber(P.cognito.essentialsFreeMau)} free monthly active users`,
      ...table.totalWithCognitoFreeTier.map(formatUsd),
    ],
  ];
}

/** The table as Markdown (what docs/cost.md's "What it costs" holds). */
export function costTableMarkdown(table: CostTable = costTable()): string {
  const [header = [], ...rows] = costTableCells(table);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The assumptions, one line each, for the CLI and docs/cost.md. */
export function assumptions(): string[] {
  const mix = REQUEST_MIX.map((kind) => `${Math.round(kind.share * 100)}% ${kind.name}`).join(', ');
  return [
    `List prices of ${REGION_NAME} (${REGION}) as of ${PRICE_DATE}, without free tiers (infra/cost/prices.ts).`,
    `Request mix: ${mix} (infra/cost/requests.ts REQUEST_MIX); per request on average ` +
      `${average((k) => k.readUnits).toFixed(2)} read and ${average((k) => k.writeUnits).toFixed(2)} write units, ` +
      `${average((k) => k.lambdaMs).toFixed(0)} ms warm, ${(COLD_START_SHARE * 100).toFixed(0)}% cold starts ` +
      `(${COLD_START_INIT_MS} ms INIT, billed), ${average((k) => k.responseKb).toFixed(1)} KB response.`,
    `${LOG_BYTES_PER_REQUEST.toLocaleString('en-US')} bytes of logs per request, kept ${LOG_MONTHS_STORED} month.`,
    `${MAILS_PER_1000_REQUESTS} mails per 1,000 requests, ${MAILS_PER_MAILER_INVOCATION} per mailer invocation; ` +
      `${(average((k) => k.kmsSigns) * 1000).toFixed(0)} certificates signed (KMS Sign) per 1,000 requests.`,
    `${average((k) => k.storedKb).toFixed(2)} KB stored per request (with index copies), ` +
      `priced after ${MONTHS_OF_DATA} months at that rate.`,
    `${VERIFICATION_PAGE_VIEWS_PER_1000_REQUESTS} verification page views per 1,000 requests ` +
      `(${CLOUDFRONT_REQUESTS_PER_VIEW} CloudFront requests, ${KB_PER_VIEW} KB each); ` +
      `one monthly active user per ${REQUESTS_PER_MONTHLY_ACTIVE_USER} requests.`,
  ];
}
