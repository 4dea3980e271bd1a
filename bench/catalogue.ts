/**
 * Issue 20's public course catalogue (`GET /public/sessions`): what one request costs with a
 * year of 5,000 sessions stored, for the searches and filters a phone sends, beside a plain
 * GetItem of one session measured alternately in the same loop. Each request reads the year's
 * index of sessions (never a Scan) with its filters in DynamoDB's FilterExpression, and at most
 * the read limit of items: a search that matches little answers with a short page and a cursor.
 *
 * The store's catalogue query runs in process (`catalogueSessions` and the entries the route
 * makes of its sessions: the route minus the middy stack, whose cost the warm-overhead benchmark
 * measures) against a DynamoDB Local of its own, in a child process that sets the environment
 * before any store module loads (see reminder-selection.ts). Every call of the store's client is
 * counted by a middleware: items read (ScannedCount of each Query page, summed), requests, Scans.
 * The day is fixed (1 July), so `open` splits the year the same way on every run.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shiftDate } from '#shared/domain/dates';
import { batchWrite } from './batch-write';
import { inPool, runInChild } from './child';
import { startChildTables } from './child-tables';
import { median } from './stats';
import { countStoreCalls } from './store-counter';

export const CATALOGUE_SESSIONS = 5_000;
const YEAR = 2027;
const TODAY = `${YEAR}-07-01`;
/** A phone's page. */
const PAGE = 20;
const WARMUP_RUNS = 5;
export const CATALOGUE_RUNS = 31;
const WRITE_WIDTH = 6;
const HOSTS = 50;
const PLANS = 100;

const CITIES = [
  '南宁',
  '柳州',
  '桂林',
  '梧州',
  '北海',
  '防城港',
  '钦州',
  '贵港',
  '玉林',
  '百色',
  '贺州',
  '河池',
  '来宾',
  '崇左',
];
const TOPICS = [
  '数字经济',
  '人工智能',
  '乡村振兴',
  '大数据',
  '智能制造',
  '新能源',
  '现代农业',
  '医疗卫生',
  '教育信息化',
  '生态环保',
];
const FORMS = ['高级研修班', '专题培训班', '能力提升班', '继续教育班'];
const MODES = ['offline', 'online', 'blended'] as const;
const SUBJECTS = ['professional', 'public-elective', 'public-compulsory'] as const;
/** The one session whose title holds this: a search for it has to read the whole year. */
const RARE_TITLE = '区块链溯源应用高级研修班';
const RARE_INDEX = 4_321;

export interface CatalogueQueryFigures {
  /** The query as a client sends it (the year and limit aside). */
  query: string;
  what: string;
  firstPage: {
    items: number;
    itemsRead: number;
    requests: number;
    medianMs: number;
    /** Median time over the GetItem's median, measured in the same loop. */
    ratio: number;
  };
  /** Every page to the end of the year, following the cursors. */
  walk: { pages: number; items: number; expected: number; itemsRead: number; mostReadByAPage: number };
}

export interface CatalogueResult {
  sessions: number;
  year: number;
  today: string;
  page: number;
  readLimit: number;
  runs: number;
  seedSeconds: number;
  getItemMedianMs: number;
  queries: CatalogueQueryFigures[];
  scans: number;
}

const CHILD_FLAG = '--catalogue-child';
const here = fileURLToPath(import.meta.url);

export function catalogueBenchmark(): Promise<CatalogueResult> {
  return runInChild<CatalogueResult>({ script: here, flag: CHILD_FLAG, name: 'catalogue' });
}

// ---------------------------------------------------------------------------------------------
// The child: everything below runs with the environment set before the store modules load.

async function benchModules() {
  const [
    { db },
    { BatchWriteCommand, GetCommand },
    { newOrganization },
    { newPlan },
    { CreatePlanInput },
    { newSession },
    { CreateSessionInput },
    catalogue,
    { searchText },
    organizations,
    plans,
    sessions,
    { tableName },
  ] = await Promise.all([
    import('#shared/store/client'),
    import('@aws-sdk/lib-dynamodb'),
    import('#shared/domain/organizations/organization'),
    import('#shared/domain/plans/plan'),
    import('#shared/domain/plans/schemas'),
    import('#shared/domain/sessions/session'),
    import('#shared/domain/sessions/schemas'),
    import('#shared/domain/sessions/catalogue'),
    import('#shared/domain/sessions/search-text'),
    import('#shared/store/organizations'),
    import('#shared/store/plans'),
    import('#shared/store/sessions'),
    import('#shared/store/tables'),
  ]);
  return {
    db,
    BatchWriteCommand,
    GetCommand,
    newOrganization,
    newPlan,
    CreatePlanInput,
    newSession,
    CreateSessionInput,
    catalogue,
    searchText,
    putNewOrganization: organizations.putNewOrganization,
    putNewPlan: plans.putNewPlan,
    sessions,
    tableName,
  };
}
type BenchModules = Awaited<ReturnType<typeof benchModules>>;
type Session = ReturnType<BenchModules['newSession']>;
type Filters = Omit<
  Parameters<BenchModules['sessions']['catalogueSessions']>[0],
  'year' | 'limit' | 'cursor'
>;

/**
 * 50 hosts with two published plans each (one in five a digital-engineer plan in one of two
 * fields), and 5,000 sessions of the year among them: deadlines spread over the year, fourteen
 * cities (half written with 市), three modes, titles from ten topics and four forms, one rare
 * title. Written with BatchWrite as the store would write them.
 */
async function seed(bench: BenchModules): Promise<{ sessions: Session[]; fieldOf: Map<string, string> }> {
  const created = new Date(`${YEAR}-01-01T09:00:00+08:00`);
  const hosts = Array.from({ length: HOSTS }, (_, n) =>
    bench.newOrganization(
      { name: `基准承办单位 ${n + 1}`, kind: 'host', city: CITIES[n % CITIES.length] as string },
      created,
    ),
  );
  await inPool(hosts, WRITE_WIDTH, (host) => bench.putNewOrganization(host));
  const plans = Array.from({ length: PLANS }, (_, n) => {
    const host = hosts[n % HOSTS] as (typeof hosts)[number];
    const digital = n % 5 === 0;
    const draft = bench.newPlan(
      bench.CreatePlanInput.parse({
        year: YEAR,
        project: digital ? 'digital-engineer' : 'seminar',
        level: 'regional',
        category: digital ? 'digital' : 'shortage',
        ...(digital ? { field: n % 10 === 0 ? 'big-data' : 'artificial-intelligence' } : {}),
        title: `基准培训计划 ${n + 1}`,
        plannedSessions: CATALOGUE_SESSIONS / PLANS,
        plannedTrainees: 5_000,
        budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
      }),
      { userId: `bench-host-${n}`, roles: ['host'], orgId: host.id },
      created,
    );
    return {
      ...draft,
      hostName: host.name,
      status: 'published' as const,
      publishedAt: created.toISOString(),
    };
  });
  await inPool(plans, WRITE_WIDTH, (plan) => bench.putNewPlan(plan));

  // Drawn, not cycled: deadlines in step with cities or topics would put a city's sessions on
  // the same days, which no year of real sessions does (a seeded generator: the same every run).
  const random = mulberry32(20_27);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const sessions = Array.from({ length: CATALOGUE_SESSIONS }, (_, n) => {
    const plan = pick(plans);
    const deadline = shiftDate(`${YEAR}-01-02`, Math.floor(random() * 340));
    const city = pick(CITIES);
    const session = bench.newSession(
      plan,
      bench.CreateSessionInput.parse({
        title: n === RARE_INDEX ? RARE_TITLE : `${pick(TOPICS)}${pick(FORMS)} 第${n + 1}期`,
        registrationDeadline: deadline,
        startDate: shiftDate(deadline, 7),
        endDate: shiftDate(deadline, 9),
        capacity: n % 5 === 0 ? null : 50,
        creditHours: 24,
        subjectType: pick(SUBJECTS),
        mode: pick(MODES),
        city: random() < 0.5 ? city : `${city}市`,
        location: `${city}市人才培训中心`,
      }),
      created,
    );
    return { ...session, seatsTaken: n % 5 === 0 ? 0 : n % 51 };
  });
  const batches = Array.from({ length: Math.ceil(sessions.length / 25) }, (_, n) =>
    sessions.slice(n * 25, n * 25 + 25),
  );
  await inPool(batches, WRITE_WIDTH, (batch) =>
    batchWrite(bench, bench.tableName('plans'), batch.map(bench.sessions.sessionItem)),
  );
  const fieldOf = new Map(plans.flatMap((plan) => (plan.field ? [[plan.id, plan.field] as const] : [])));
  return { sessions, fieldOf };
}

/** A small seeded generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function child(resultFile: string): Promise<void> {
  const { dynamo, use } = await startChildTables(['catalogue']);
  try {
    use('catalogue');
    const bench = await benchModules();
    const { catalogue, searchText } = bench;
    const started = performance.now();
    const { sessions: seeded, fieldOf } = await seed(bench);
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(`seeded ${seeded.length} sessions in ${seedSeconds.toFixed(1)} s`);
    const counter = countStoreCalls(bench.db);

    const cases: { query: string; what: string; filters: Filters; matches: (s: Session) => boolean }[] = [
      { query: '', what: 'no filter', filters: {}, matches: () => true },
      {
        query: 'q=数字',
        what: 'a topic of one session in ten',
        filters: { search: searchText('数字') },
        matches: (s) => s.title.includes('数字'),
      },
      {
        query: 'q=区块链溯源',
        what: 'one title in 5,000',
        filters: { search: searchText('区块链溯源') },
        matches: (s) => s.title === RARE_TITLE,
      },
      {
        query: 'q=ai',
        what: 'Latin letters no title holds',
        filters: { search: searchText('AI') },
        matches: () => false,
      },
      {
        query: 'city=柳州',
        what: 'one city in fourteen (柳州 and 柳州市)',
        filters: { cities: catalogue.cityNames('柳州') },
        matches: (s) => catalogue.cityNames('柳州').includes(s.city),
      },
      {
        query: 'open=true',
        what: 'deadline today or later: a key range',
        filters: { open: true },
        matches: (s) => s.registrationDeadline >= TODAY,
      },
      {
        query: 'mode=online',
        what: 'one mode in three',
        filters: { mode: 'online' },
        matches: (s) => s.mode === 'online',
      },
      {
        query: 'field=big-data',
        what: "one field's plans (one plan in ten)",
        filters: { field: 'big-data' },
        matches: (s) => fieldOf.get(s.planId) === 'big-data',
      },
      {
        query: 'city=桂林&mode=online&open=true',
        what: 'the three together',
        filters: { cities: catalogue.cityNames('桂林'), mode: 'online', open: true },
        matches: (s) =>
          catalogue.cityNames('桂林').includes(s.city) &&
          s.mode === 'online' &&
          s.registrationDeadline >= TODAY,
      },
    ];

    const oneSession = seeded[CATALOGUE_SESSIONS / 2] as Session;
    const getItem = async () => {
      const began = performance.now();
      await bench.db.send(
        new bench.GetCommand({
          TableName: bench.tableName('plans'),
          Key: bench.sessions.sessionKey(oneSession.id),
        }),
      );
      return performance.now() - began;
    };
    const firstPage = async (filters: Filters, cursor?: string) => {
      const began = performance.now();
      const page = await bench.sessions.catalogueSessions(
        { year: YEAR, limit: PAGE, cursor, ...filters },
        TODAY,
      );
      const entries = page.items.map((session) => catalogue.catalogueEntry(session, TODAY));
      return { ms: performance.now() - began, entries, nextCursor: page.nextCursor };
    };

    // Warm-up: every query and the GetItem, untimed.
    for (let run = 0; run < WARMUP_RUNS; run++) {
      await getItem();
      for (const { filters } of cases) await firstPage(filters);
    }

    const getItemMs: number[] = [];
    const queryMs = cases.map(() => [] as number[]);
    for (let run = 0; run < CATALOGUE_RUNS; run++) {
      for (const [index, { filters }] of cases.entries()) {
        // Alternating which goes first, so neither always follows the other.
        if (run % 2 === 0) getItemMs.push(await getItem());
        queryMs[index]?.push((await firstPage(filters)).ms);
        if (run % 2 === 1) getItemMs.push(await getItem());
      }
    }
    const getItemMedianMs = median(getItemMs);

    let scans = 0;
    const queries: CatalogueQueryFigures[] = [];
    for (const [index, { query, what, filters, matches }] of cases.entries()) {
      counter.start();
      const first = await firstPage(filters);
      const firstTally = counter.stop();
      scans += firstTally.scans;

      let cursor: string | undefined;
      let pages = 0;
      let items = 0;
      let itemsRead = 0;
      let mostReadByAPage = 0;
      do {
        counter.start();
        const page = await firstPage(filters, cursor);
        const tally = counter.stop();
        scans += tally.scans;
        pages++;
        items += page.entries.length;
        itemsRead += tally.itemsRead;
        mostReadByAPage = Math.max(mostReadByAPage, tally.itemsRead);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);

      const medianMs = median(queryMs[index] ?? []);
      queries.push({
        query,
        what,
        firstPage: {
          items: first.entries.length,
          itemsRead: firstTally.itemsRead,
          requests: firstTally.requests,
          medianMs,
          ratio: medianMs / getItemMedianMs,
        },
        walk: { pages, items, expected: seeded.filter(matches).length, itemsRead, mostReadByAPage },
      });
    }

    const result: CatalogueResult = {
      sessions: seeded.length,
      year: YEAR,
      today: TODAY,
      page: PAGE,
      readLimit: catalogue.CATALOGUE_READ_LIMIT,
      runs: CATALOGUE_RUNS,
      seedSeconds,
      getItemMedianMs,
      queries,
      scans,
    };
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
    bench.db.destroy();
  } finally {
    await dynamo.stop();
  }
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const resultFile = process.argv[3];
  if (!resultFile) throw new Error('Usage: catalogue.ts --catalogue-child <result.json>');
  child(resultFile).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
