/**
 * Issue 7's year-end report: compiling costs the same for 1,000 or for 100,000 completed
 * registrations, because it reads the counters kept at write time and the organizations, never
 * the registrations. Two stores with the same plans, sessions, bases and annual reports, one
 * holding 1,000 completed registrations and one 100,000, both in one DynamoDB Local: the
 * registrations are really written (BatchWrite), and their counters are added as recording each
 * result would have added them (the store's own `counterUpdates`, in transactions). Then
 * `compileYear` (the handler's function: read, compile, render and store the four files) runs
 * on each, alternating, and every call of the store's client is counted by a middleware.
 *
 * The store's client reads `DYNAMODB_ENDPOINT` when its module loads, and `bench/run.ts` has
 * loaded it already, so the measurement runs in a child process that sets the environment before
 * it imports any store module (as bench/reminder-selection.ts does). The two stores are two sets
 * of tables; the store modules take table names from the environment on each call.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shiftDate } from '#shared/domain/dates';
import { batchWrite } from './batch-write';
import { inPool, runInChild } from './child';
import { startChildTables } from './child-tables';
import { median } from './stats';
import { countStoreCalls } from './store-counter';

export interface CompileRun {
  /** Completed registration items found in the registrations table (counted after seeding). */
  registrations: number;
  /** What the compiled report counts as completed: must equal the registrations. */
  completedInReport: number;
  seedSeconds: number;
  /** Per compilation (the same every time): the client's requests, items read, read units. */
  requests: number;
  scans: number;
  itemsRead: number;
  readUnits: number;
  /** The timed compilations, in milliseconds, in the order they ran. */
  timesMs: number[];
  medianMs: number;
}

export interface ReportScalingResult {
  year: number;
  plans: number;
  sessions: number;
  bases: number;
  runs: number;
  small: CompileRun;
  large: CompileRun;
  /** Median compile time with 100,000 over the median with 1,000: the target is under 1.2. */
  timeRatio: number;
  itemsReadRatio: number;
}

export const TIME_RATIO_TARGET = 1.2;

const SIZES = { small: 1_000, large: 100_000 } as const;
type Size = keyof typeof SIZES;
const YEAR = 2028;
const PLANS = 200;
const SESSIONS_PER_PLAN = 2;
const BASES = 20;
const NATIONAL_BASES = 5;
const DEPARTMENTS = 5;
/**
 * Timed compilations per store. A compilation takes a few hundred milliseconds on a machine that
 * others share, where a single pause moves one by a third: the median of 11 (not 5) keeps the
 * ratio about the stores, not about the neighbours.
 */
const RUNS = 11;
const WARMUPS = 3;
/** BatchWrite requests in flight: DynamoDB Local and this process share the machine's cores. */
const WRITE_WIDTH = 6;
const CITIES = [
  '南宁市',
  '柳州市',
  '桂林市',
  '梧州市',
  '北海市',
  '防城港市',
  '钦州市',
  '贵港市',
  '玉林市',
  '百色市',
];
/** Project and category pairs the plan rules accept, in turn. */
const KINDS = [
  { project: 'seminar', category: 'advanced' },
  { project: 'capability', category: 'professional' },
  { project: 'digital-engineer', category: 'digital', field: 'big-data' },
  { project: 'base-training', category: 'public-compulsory' },
] as const;

const CHILD_FLAG = '--report-scaling-child';
const here = fileURLToPath(import.meta.url);

/** Runs the measurement in a child process (a fresh module graph) and returns its figures. */
export function reportScaling(): Promise<ReportScalingResult> {
  // --expose-gc: garbage from seeding is collected before each timed compilation, not during it.
  return runInChild<ReportScalingResult>({
    script: here,
    flag: CHILD_FLAG,
    name: 'report',
    nodeOptions: ['--expose-gc'],
  });
}

// ---------------------------------------------------------------------------------------------
// The child: everything below runs with the environment set before the store modules load.

async function child(resultFile: string): Promise<void> {
  const work = process.env.BENCH_WORK_DIR ?? mkdtempSync(join(tmpdir(), 'gx-bench-report-'));
  const { dynamo, use } = await startChildTables(Object.keys(SIZES) as Size[]);
  try {
    process.env.REPORTS_DIR = join(work, 'reports');
    process.env.LOCAL_KEYS_DIR = join(work, 'keys');
    delete process.env.REPORTS_BUCKET;
    delete process.env.BASE_MINIMUM_NATIONAL;
    delete process.env.BASE_MINIMUM_REGIONAL;

    use('small');
    const bench = await benchModules();
    const counter = countStoreCalls(bench.db);

    const seeded = {} as Record<Size, { seconds: number; sessions: number; stored: number }>;
    for (const size of Object.keys(SIZES) as Size[]) {
      use(size);
      const started = performance.now();
      const { sessions, written } = await seedStore(bench, SIZES[size]);
      const seconds = (performance.now() - started) / 1000;
      const counting = performance.now();
      const stored = await countRegistrations(bench, dynamo.client, written);
      seeded[size] = { seconds, sessions, stored };
      console.log(
        `seeded ${stored} completed registrations (${size}) in ${seconds.toFixed(1)} s` +
          ` (counted in ${((performance.now() - counting) / 1000).toFixed(1)} s)`,
      );
    }

    const now = new Date(`${YEAR + 1}-01-01T02:00:00+08:00`);
    const compileOn = async (size: Size) => {
      use(size);
      globalThis.gc?.();
      counter.start();
      const started = performance.now();
      const report = await bench.compileYear(YEAR, now);
      const ms = performance.now() - started;
      return { ms, tally: counter.stop(), report };
    };

    // Untimed compilations first (module loading, first connections, JIT, DynamoDB Local settling
    // after the large seeding), then alternating timed ones, so both sizes meet the same state of
    // the machine.
    const first = { small: await compileOn('small'), large: await compileOn('large') };
    for (let warmup = 1; warmup < WARMUPS; warmup++) {
      await compileOn('small');
      await compileOn('large');
    }
    const times: Record<Size, number[]> = { small: [], large: [] };
    for (let run = 0; run < RUNS; run++) {
      const order: Size[] = run % 2 === 0 ? ['small', 'large'] : ['large', 'small'];
      for (const size of order) {
        const { ms, tally, report } = await compileOn(size);
        times[size].push(ms);
        if (tally.itemsRead !== first[size].tally.itemsRead)
          throw new Error(`Items read changed between compilations: ${tally.itemsRead}`);
        if (report.totals.completed !== first[size].report.totals.completed)
          throw new Error('Compiling twice gave different figures');
      }
    }

    const runOf = (size: Size): CompileRun => ({
      registrations: seeded[size].stored,
      completedInReport: first[size].report.totals.completed,
      seedSeconds: seeded[size].seconds,
      requests: first[size].tally.requests,
      scans: first[size].tally.scans,
      itemsRead: first[size].tally.itemsRead,
      readUnits: first[size].tally.readUnits,
      timesMs: times[size].map((ms) => Number(ms.toFixed(1))),
      medianMs: Number(median(times[size]).toFixed(1)),
    });
    const small = runOf('small');
    const large = runOf('large');
    const result: ReportScalingResult = {
      year: YEAR,
      plans: first.large.report.plans.length,
      sessions: seeded.large.sessions,
      bases: first.large.report.bases.length,
      runs: RUNS,
      small,
      large,
      timeRatio: median(times.large) / median(times.small),
      itemsReadRatio: large.itemsRead / small.itemsRead,
    };
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
    console.log(`compiled: median ${small.medianMs} ms and ${large.medianMs} ms`);
    bench.db.destroy();
  } finally {
    await dynamo.stop();
  }
}

/** The modules the child uses, imported only once the environment points at its DynamoDB Local. */
async function benchModules() {
  const [
    { db },
    { BatchWriteCommand, TransactWriteCommand },
    { compileYear },
    { newOrganization },
    { newPlan },
    { CreatePlanInput },
    { newSession },
    { CreateSessionInput },
    { newRegistration },
    organizations,
    plans,
    sessions,
    annualReports,
    { counterUpdates },
    { retryOnConflict },
    { idNumberFor },
    { registrationItem },
    { tableName },
  ] = await Promise.all([
    import('#shared/store/client'),
    import('@aws-sdk/lib-dynamodb'),
    import('#shared/use-cases/reports/year-end'),
    import('#shared/domain/organizations/organization'),
    import('#shared/domain/plans/plan'),
    import('#shared/domain/plans/schemas'),
    import('#shared/domain/sessions/session'),
    import('#shared/domain/sessions/schemas'),
    import('#shared/domain/registrations/registration'),
    import('#shared/store/organizations'),
    import('#shared/store/plans'),
    import('#shared/store/sessions'),
    import('#shared/store/annual-reports'),
    import('#shared/store/counters'),
    import('#shared/store/optimistic'),
    import('../test/support/fixtures'),
    import('#shared/store/registrations'),
    import('#shared/store/tables'),
  ]);
  return {
    db,
    BatchWriteCommand,
    TransactWriteCommand,
    compileYear,
    newOrganization,
    newPlan,
    CreatePlanInput,
    newSession,
    CreateSessionInput,
    newRegistration,
    putNewOrganization: organizations.putNewOrganization,
    putNewPlan: plans.putNewPlan,
    putNewSession: sessions.putNewSession,
    putNewAnnualReport: annualReports.putNewAnnualReport,
    counterUpdates,
    retryOnConflict,
    idNumberFor,
    registrationItem,
    tableName,
  };
}
type BenchModules = Awaited<ReturnType<typeof benchModules>>;
type Session = ReturnType<BenchModules['newSession']>;
type CounterOwner = Parameters<BenchModules['counterUpdates']>[0][number];

/**
 * Registration items in the registrations table, once seeding is done (not measured): as
 * DescribeTable reports them, and as the BatchWrites acknowledged them.
 */
async function countRegistrations(
  bench: BenchModules,
  client: DynamoDBClient,
  written: number,
): Promise<number> {
  const { Table } = await client.send(
    new DescribeTableCommand({ TableName: bench.tableName('registrations') }),
  );
  const counted = Table?.ItemCount ?? -1;
  if (counted !== written) throw new Error(`${written} registrations written, ${counted} in the table`);
  return counted;
}

/**
 * The same organizations, plans, sessions and annual reports in every store; `registrations`
 * completed registrations spread evenly over the sessions, with the counters their results would
 * have added. Returns the number of sessions and of registrations written.
 */
async function seedStore(
  bench: BenchModules,
  registrations: number,
): Promise<{ sessions: number; written: number }> {
  const now = new Date(`${YEAR}-01-05T09:00:00+08:00`);
  const bases = Array.from({ length: BASES }, (_, n) =>
    bench.newOrganization(
      {
        name: `基准测试继续教育基地 ${n + 1}`,
        kind: 'base',
        level: n < NATIONAL_BASES ? 'national' : 'regional',
        city: CITIES[n % CITIES.length] as string,
      },
      now,
    ),
  );
  for (const base of bases) await bench.putNewOrganization(base);

  const plans = Array.from({ length: PLANS }, (_, n) => {
    const host = bases[n % BASES] as (typeof bases)[number];
    const kind = KINDS[n % KINDS.length] as (typeof KINDS)[number];
    const draft = bench.newPlan(
      bench.CreatePlanInput.parse({
        year: YEAR,
        ...kind,
        level: 'regional',
        title: `基准测试计划 ${n + 1}`,
        ...(n % 3 === 0 ? {} : { departmentId: `org_bench_dept_${n % DEPARTMENTS}` }),
        plannedSessions: SESSIONS_PER_PLAN + (n % 2),
        plannedTrainees: 500,
        budget: { subsidyCapFen: 1_000_000, selfFundedFen: 0 },
      }),
      { userId: 'bench-host', roles: ['host'], orgId: host.id },
      now,
    );
    // Every seventh plan spent beyond its cap.
    const spentFen = n % 7 === 0 ? 1_200_000 : 800_000;
    return {
      ...draft,
      status: 'published' as const,
      publishedAt: now.toISOString(),
      spentFen,
      reimbursableFen: Math.min(spentFen, 1_000_000),
      shortfallFen: Math.max(0, spentFen - 1_000_000),
    };
  });
  await inPool(plans, WRITE_WIDTH, (plan) => bench.putNewPlan(plan));

  const sessions: Session[] = plans.flatMap((plan, n) =>
    Array.from({ length: SESSIONS_PER_PLAN }, (_, k) => {
      const start = shiftDate(`${YEAR}-02-01`, (n * 13 + k * 90) % 300);
      return bench.newSession(
        plan,
        bench.CreateSessionInput.parse({
          title: `基准测试班次 ${n + 1}-${k + 1}`,
          startDate: start,
          endDate: shiftDate(start, 2),
          registrationDeadline: shiftDate(start, -7),
          capacity: null,
          creditHours: k === 0 ? 24 : 12.5,
          subjectType: 'professional',
          mode: 'offline',
          city: '南宁市',
        }),
        now,
      );
    }),
  );
  // Counted as the API counts them: each session adds to its plan's and host's counters (sessions
  // of one plan or host race for the same counter items: a lost race is tried again).
  await inPool(sessions, WRITE_WIDTH, (session) => bench.retryOnConflict(() => bench.putNewSession(session)));

  // Half the bases filed their annual report, a few of them late.
  for (const [n, base] of bases.entries()) {
    if (n % 2 === 1) continue;
    const lateDays = n % 4 === 0 ? 0 : 3;
    const submittedAt = new Date(Date.parse(`${YEAR}-12-10T02:00:00Z`) + lateDays * 86_400_000).toISOString();
    const submittedBy = `host-of-${base.id}`;
    await bench.putNewAnnualReport({
      orgId: base.id,
      orgName: base.name,
      year: YEAR,
      summary: '年度执行情况总结',
      nextYearPlan: '下一年度计划',
      dueDate: `${YEAR}-12-10`,
      submittedAt,
      submittedBy,
      lastSubmittedAt: submittedAt,
      lateDays,
      status: 'submitted',
      history: [
        { action: 'filed', status: 'submitted', by: submittedBy, byName: submittedBy, at: submittedAt },
      ],
      version: 1,
    });
  }

  // Registrations, session by session (the k-th registration goes to session k mod sessions).
  const perSession = sessions.map(
    (_, index) =>
      Math.floor(registrations / sessions.length) + (index < registrations % sessions.length ? 1 : 0),
  );
  const recordedAt = new Date(`${YEAR}-12-20T09:00:00+08:00`).toISOString();
  let written = 0;
  const completedBy = new Map<string, { owner: CounterOwner; completed: number; hours: number }>();
  const tallyFor = (owner: CounterOwner, completed: number, hours: number) => {
    const key = `${owner.kind}#${owner.id}`;
    const entry = completedBy.get(key) ?? { owner, completed: 0, hours: 0 };
    entry.completed += completed;
    entry.hours += hours;
    completedBy.set(key, entry);
  };
  await inPool(
    sessions.map((session, index) => ({ session, index })),
    WRITE_WIDTH,
    async ({ session, index }) => {
      const count = perSession[index] ?? 0;
      const items = Array.from({ length: count }, (_, j) => {
        const n = index * 1_000 + j;
        const traineeId = `bench-trainee-${n}`;
        const registered = bench.newRegistration(
          session,
          {
            traineeId,
            name: `学员${n}`,
            idNumber: bench.idNumberFor(n),
            employer: '南宁市第一中学',
            city: '南宁市',
            email: `${traineeId}@example.cn`,
            updatedAt: now.toISOString(),
          },
          new Date(now.getTime() + j * 1000),
        );
        return bench.registrationItem({
          ...registered,
          status: 'completed',
          result: { passed: true, recordedAt, recordedBy: 'bench-host' },
          updatedAt: recordedAt,
        });
      });
      for (let start = 0; start < items.length; start += 25)
        await batchWrite(bench, bench.tableName('registrations'), items.slice(start, start + 25));
      written += items.length;
      tallyFor({ kind: 'plan', id: session.planId }, count, count * session.creditHours);
      tallyFor({ kind: 'org', id: session.hostOrgId }, count, count * session.creditHours);
    },
  );
  // What the seat transactions and the recorded results (each with its certificate) would have
  // added, written through the store's own counter updates, one owner at a time.
  for (const { owner, completed, hours } of completedBy.values()) {
    await bench.db.send(
      new bench.TransactWriteCommand({
        TransactItems: bench.counterUpdates([owner], YEAR, {
          confirmed: completed,
          completed,
          hours,
          certificates: completed,
        }),
      }),
    );
  }
  return { sessions: sessions.length, written };
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const resultFile = process.argv[3];
  if (!resultFile) throw new Error('Usage: report-scaling.ts --report-scaling-child <result.json>');
  child(resultFile).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
