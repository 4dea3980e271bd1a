/**
 * Issue 6's reminder selection: with 100,000 registrations stored and 100 trainees due a reminder,
 * one run of the daily reminders job reads a number of items proportional to the 100, not to the
 * 100,000. Measured side by side on a store of 1,000 registrations with the same 100 due, and on a
 * day with nothing due, by counting what every DynamoDB call of the job returns (items, scanned
 * items, consumed capacity) through a middleware on the store's one document client.
 *
 * The job runs in process (`runReminders`, the handler's function) against a DynamoDB Local of its
 * own. The store's client reads `DYNAMODB_ENDPOINT` when its module loads, and `bench/run.ts` has
 * loaded it already (through the test fixtures), so the measurement runs in a child process that
 * sets the environment before it imports any store module. The two stores are two sets of tables
 * in that one DynamoDB Local; the store modules take table names from the environment on each call.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shiftDate } from '#shared/domain/dates';
import { batchWrite } from './batch-write';
import { inPool, runInChild } from './child';
import { startChildTables } from './child-tables';
import { countStoreCalls } from './store-counter';

export interface JobRun {
  day: string;
  /** Due items (one per session and kind) the job found for the day. */
  dueItems: number;
  mailsQueued: number;
  /** Files the in-process mail queue wrote to the outbox. */
  mailsSent: number;
  requests: number;
  /** Items DynamoDB read: scanned by queries (before filters), returned by gets. */
  itemsRead: number;
  readUnits: number;
  writeUnits: number;
  scans: number;
  seconds: number;
}

export interface StoreSize {
  registrations: number;
  sessions: number;
  dueTrainees: number;
  seedSeconds: number;
  dueDay: JobRun;
  quietDay: JobRun;
}

export interface ReminderSelectionResult {
  small: StoreSize;
  large: StoreSize;
  /** Items read with the large store over items read with the small one, on the due day. */
  itemsReadRatio: number;
  readUnitsRatio: number;
  /** Items read on the due day (large store) per trainee due. */
  itemsReadPerDue: number;
}

const PER_SESSION = 100;
const DUE_TRAINEES = 100;
const SIZES = { small: 1_000, large: 100_000 } as const;
/** Background trainees: each registers for several sessions; a few hundred have a stored profile. */
const BACKGROUND_TRAINEES = 25_000;
const BACKGROUND_PROFILES = 400;
const YEAR = 2027;
/** The day the 100 are due (their session starts three days later), and a day nothing is due. */
const DUE_DAY = '2027-06-15';
const QUIET_DAY = '2027-06-16';
/** BatchWrite requests in flight: DynamoDB Local and this process share two cores. */
const WRITE_WIDTH = 6;

const CHILD_FLAG = '--reminder-selection-child';
const here = fileURLToPath(import.meta.url);

/** Runs the measurement in a child process (a fresh module graph) and returns its figures. */
export function reminderSelection(): Promise<ReminderSelectionResult> {
  return runInChild<ReminderSelectionResult>({ script: here, flag: CHILD_FLAG, name: 'reminders' });
}

// ---------------------------------------------------------------------------------------------
// The child: everything below runs with the environment set before the store modules load.

async function child(resultFile: string): Promise<void> {
  const work = process.env.BENCH_WORK_DIR ?? mkdtempSync(join(tmpdir(), 'gx-bench-reminders-'));
  const outbox = join(work, 'outbox');
  mkdirSync(outbox, { recursive: true });
  const { dynamo, use } = await startChildTables(Object.keys(SIZES) as (keyof typeof SIZES)[]);
  try {
    process.env.MAIL_OUTBOX_DIR = outbox;
    process.env.LOCAL_KEYS_DIR = join(work, 'keys');
    delete process.env.MAILER_FUNCTION_NAME;

    use('small');
    const bench = await benchModules();
    const counter = countStoreCalls(bench.db);

    const seeded: Record<string, { sessions: number; seconds: number }> = {};
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      use(size);
      const started = performance.now();
      const sessions = await seedStore(bench, SIZES[size]);
      seeded[size] = { sessions, seconds: (performance.now() - started) / 1000 };
      console.log(`seeded ${SIZES[size]} registrations in ${seeded[size].seconds.toFixed(1)} s`);
    }

    const outboxCount = () => readdirSync(outbox).filter((name) => name.endsWith('.eml')).length;
    const runOn = async (size: keyof typeof SIZES, day: string): Promise<JobRun> => {
      use(size);
      const before = outboxCount();
      counter.start();
      const started = performance.now();
      const summary = await bench.runReminders({ job: 'reminders', now: `${day}T09:00:00+08:00` });
      const seconds = (performance.now() - started) / 1000;
      const tally = counter.stop();
      return {
        day,
        dueItems: summary.dueItems,
        mailsQueued: summary.enqueued,
        mailsSent: outboxCount() - before,
        ...tally,
        seconds,
      };
    };

    // Alternating, so both sizes meet the same state of the machine.
    const smallDue = await runOn('small', DUE_DAY);
    const largeDue = await runOn('large', DUE_DAY);
    const smallQuiet = await runOn('small', QUIET_DAY);
    const largeQuiet = await runOn('large', QUIET_DAY);

    const sizeOf = (size: keyof typeof SIZES, dueDay: JobRun, quietDay: JobRun): StoreSize => ({
      registrations: SIZES[size],
      sessions: seeded[size]?.sessions ?? 0,
      dueTrainees: DUE_TRAINEES,
      seedSeconds: seeded[size]?.seconds ?? 0,
      dueDay,
      quietDay,
    });
    const result: ReminderSelectionResult = {
      small: sizeOf('small', smallDue, smallQuiet),
      large: sizeOf('large', largeDue, largeQuiet),
      itemsReadRatio: largeDue.itemsRead / smallDue.itemsRead,
      readUnitsRatio: largeDue.readUnits / smallDue.readUnits,
      itemsReadPerDue: largeDue.itemsRead / DUE_TRAINEES,
    };
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
    bench.db.destroy();
  } finally {
    await dynamo.stop();
  }
}

/** The modules the child uses, imported only once the environment points at its DynamoDB Local. */
async function benchModules() {
  const [
    { db },
    { BatchWriteCommand },
    { runReminders },
    { newOrganization },
    { CreateOrganizationInput },
    { newPlan },
    { CreatePlanInput },
    { newSession },
    { CreateSessionInput },
    { newRegistration },
    organizations,
    plans,
    sessions,
    trainees,
    { idNumberFor },
    { registrationItem },
  ] = await Promise.all([
    import('#shared/store/client'),
    import('@aws-sdk/lib-dynamodb'),
    import('#functions/reminders/handler'),
    import('#shared/domain/organizations/organization'),
    import('#shared/domain/organizations/schemas'),
    import('#shared/domain/plans/plan'),
    import('#shared/domain/plans/schemas'),
    import('#shared/domain/sessions/session'),
    import('#shared/domain/sessions/schemas'),
    import('#shared/domain/registrations/registration'),
    import('#shared/store/organizations'),
    import('#shared/store/plans'),
    import('#shared/store/sessions'),
    import('#shared/store/trainees'),
    import('../test/support/fixtures'),
    import('#shared/store/registrations'),
  ]);
  const { tableName } = await import('#shared/store/tables');
  return {
    db,
    BatchWriteCommand,
    runReminders,
    newOrganization,
    CreateOrganizationInput,
    newPlan,
    CreatePlanInput,
    newSession,
    CreateSessionInput,
    newRegistration,
    putNewOrganization: organizations.putNewOrganization,
    putNewPlan: plans.putNewPlan,
    putNewSession: sessions.putNewSession,
    putTraineeProfile: trainees.putTraineeProfile,
    idNumberFor,
    registrationItem,
    tableName,
  };
}
type BenchModules = Awaited<ReturnType<typeof benchModules>>;
type Session = ReturnType<BenchModules['newSession']>;

/** Whether a background session starting on `start` would have a reminder due on either measured day. */
function fallsOnMeasuredDay(start: string): boolean {
  const due = [shiftDate(start, -3), shiftDate(start, -1), shiftDate(start, -8), shiftDate(start, 2 + 7)];
  return due.includes(DUE_DAY) || due.includes(QUIET_DAY);
}

/**
 * One host and plan; a session of the 100 due trainees (confirmed, starting three days after the
 * due day); the rest of the registrations in sessions of 100 starting across the year, none of
 * them with a reminder on the measured days. Returns the number of sessions.
 */
async function seedStore(bench: BenchModules, registrations: number): Promise<number> {
  const now = new Date();
  const host = bench.newOrganization(
    bench.CreateOrganizationInput.parse({
      name: '基准测试承办单位',
      kind: 'host',
      city: '南宁',
      contactEmail: 'host@example.cn',
    }),
    now,
  );
  await bench.putNewOrganization(host);
  const sessionCount = registrations / PER_SESSION;
  const draft = bench.newPlan(
    bench.CreatePlanInput.parse({
      year: YEAR,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '基准测试研修',
      plannedSessions: sessionCount,
      plannedTrainees: registrations,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    }),
    { userId: 'bench-host', roles: ['host'], orgId: host.id },
    now,
  );
  const plan = { ...draft, status: 'published' as const, publishedAt: now.toISOString() };
  await bench.putNewPlan(plan);

  const sessionOn = (start: string, title: string): Session => ({
    ...bench.newSession(
      plan,
      bench.CreateSessionInput.parse({
        title,
        startDate: start,
        endDate: shiftDate(start, 2),
        registrationDeadline: shiftDate(start, -7),
        capacity: PER_SESSION,
        creditHours: 24,
        subjectType: 'professional',
        mode: 'offline',
        city: '南宁',
        location: '民族大道 1 号',
      }),
      now,
    ),
    seatsTaken: PER_SESSION,
  });
  const dueSession = sessionOn(shiftDate(DUE_DAY, 3), '到期提醒班次');
  const background: Session[] = [];
  for (let n = 0; n < sessionCount - 1; n++) {
    let start = shiftDate(`${YEAR}-01-10`, Math.floor((n * 340) / Math.max(1, sessionCount - 1)));
    while (fallsOnMeasuredDay(start)) start = shiftDate(start, 1);
    background.push(sessionOn(start, `基准班次 ${n + 1}`));
  }
  const allSessions = [dueSession, ...background];
  await inPool(allSessions, WRITE_WIDTH, (session) => bench.putNewSession(session));

  const profileOf = (traineeId: string, n: number) => ({
    traineeId,
    name: `学员${n}`,
    idNumber: bench.idNumberFor(n),
    employer: '南宁市第一中学',
    city: '南宁',
    email: `${traineeId}@example.cn`,
    updatedAt: now.toISOString(),
  });
  const dueProfiles = Array.from({ length: DUE_TRAINEES }, (_, n) => profileOf(`bench-due-${n}`, n));
  const backgroundTrainee = (k: number) => {
    const n = k % BACKGROUND_TRAINEES;
    return profileOf(`bench-trainee-${n}`, DUE_TRAINEES + n);
  };
  const storedProfiles = [
    ...dueProfiles,
    ...Array.from({ length: Math.min(BACKGROUND_PROFILES, registrations) }, (_, k) => backgroundTrainee(k)),
  ];
  await inPool(storedProfiles, WRITE_WIDTH, (profile) => bench.putTraineeProfile(profile));

  // Registrations, session by session, 25 to a batch.
  await inPool(
    allSessions.map((session, index) => ({ session, index })),
    WRITE_WIDTH,
    async ({ session, index }) => {
      const items = Array.from({ length: PER_SESSION }, (_, j) => {
        const profile =
          index === 0
            ? (dueProfiles[j] as (typeof dueProfiles)[number])
            : backgroundTrainee(index * PER_SESSION + j);
        return bench.registrationItem(
          bench.newRegistration(session, profile, new Date(now.getTime() - (PER_SESSION - j) * 1000)),
        );
      });
      for (let start = 0; start < items.length; start += 25)
        await batchWrite(bench, bench.tableName('registrations'), items.slice(start, start + 25));
    },
  );
  return allSessions.length;
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const resultFile = process.argv[3];
  if (!resultFile) throw new Error('Usage: reminder-selection.ts --reminder-selection-child <result.json>');
  child(resultFile).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
