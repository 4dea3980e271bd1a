/**
 * Issue 21's opening day, at DynamoDB's rules: the local system (`npm start`) started with
 * `DYNAMODB_RULES=cloud` (infra/local/dynamodb-rules.ts: a transaction on an item another
 * in-flight transaction holds is cancelled, as in the cloud) and a write log, then
 * (a) a hot session: many registrants at once on one capped session, every answer counted (201
 *     confirmed or waitlisted, 409, 5xx), their latencies, and the throughput beside the bare seat
 *     claim: the single-item conditional UpdateItem a registrant's seat (or, once the session is
 *     full, waitlist ticket) takes, at the same concurrency on the same DynamoDB Local;
 * (b) a spread: many registrants at once across uncapped online sessions of one host, the write
 *     log searched for any item written by two sessions' registrations, the throughput beside bare
 *     PutItems at the same concurrency;
 * (c) then the yearly counters (plan and host `confirmed`) polled until they equal a recount from
 *     the stored registrations, and how long that took after the last answer.
 * Each bare measurement runs just before its burst, so the counters are polled from the moment
 * the last registrant is answered.
 *
 * The store modules read their configuration when they load, so all of it runs in a child process
 * that points them at the local system's DynamoDB Local first (./child.ts). The sizes are
 * arguments: `npm run bench` runs the issue's, test/e2e/opening-day.test.ts small ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import { loadConfig, useConfig } from '#shared/config/env';
import { TABLES } from '#shared/store/tables';
import type { ApiClient, ApiResponse } from '../test/support/api-client';
import type { LocalSystem } from '../test/support/local-system';
import { batchWrite } from './batch-write';
import { inPool, runInChild } from './child';
import {
  type ConflictedItem,
  conflictedItems,
  readWriteLog,
  registrationWrites,
  type SharedItem,
} from './opening-day-log';
import { quantile } from './stats';

export interface OpeningDaySizes {
  hot: { registrants: number; capacity: number };
  spread: { registrants: number; sessions: number };
  /** How long the counters may take to equal the recount before the run says they do not. */
  counterTimeoutMs: number;
}

export const ISSUE_SIZES: OpeningDaySizes = {
  hot: { registrants: 1_000, capacity: 100 },
  spread: { registrants: 2_000, sessions: 20 },
  counterTimeoutMs: 120_000,
};

/** The bare side's throughput over the API's: the issue's target for both bursts. */
export const RATIO_TARGET = 0.5;

export interface Answers {
  registrants: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Answers other than 201, by status and error code (`409 CHANGED_MEANWHILE`). */
  failures: Record<string, number>;
  conflicts409: number;
  serverErrors5xx: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  perSecond: number;
}

export interface Bare {
  seconds: number;
  perSecond: number;
}

export interface HotSessionResult extends Answers {
  capacity: number;
  confirmed: number;
  waitlisted: number;
  /** Every waitlisted registrant has a place of their own, and the places are 1..waitlisted. */
  placesDistinct: boolean;
  placesInOrder: boolean;
  bare: Bare;
  ratio: number;
}

export interface SpreadResult extends Answers {
  sessions: number;
  confirmed: number;
  bare: Bare;
  ratio: number;
  /** Registration writes in the log, and the items among them that two sessions' registrations wrote. */
  writesLogged: number;
  sharedItems: SharedItem[];
}

export interface CounterRow {
  owner: string;
  counted: number;
  recounted: number;
}

export interface CountersResult {
  agreed: boolean;
  /** From the last registrant's answer until the counters equalled the recount (or the timeout). */
  seconds: number;
  rows: CounterRow[];
}

export interface OpeningDayResult {
  sizes: OpeningDaySizes;
  hot: HotSessionResult;
  spread: SpreadResult;
  counters: CountersResult;
  /** Where the rules refused registrations' writes (TransactionConflict), most refused first. */
  conflictedItems: ConflictedItem[];
  /** The local system's ERROR log lines during the run, by error name (what the 5xx were). */
  faults: Record<string, number>;
  setupSeconds: number;
}

const CHILD_FLAG = '--opening-day-child';
const here = fileURLToPath(import.meta.url);

/** Runs the bursts in a child process (a fresh module graph) and returns its figures. */
export function openingDay(sizes: OpeningDaySizes = ISSUE_SIZES): Promise<OpeningDayResult> {
  return runInChild<OpeningDayResult>({
    script: here,
    flag: CHILD_FLAG,
    name: 'opening-day',
    env: { OPENING_DAY_SIZES: JSON.stringify(sizes) },
  });
}

// ---------------------------------------------------------------------------------------------
// The child: everything below runs with the environment set before the store modules load.

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Store modules, imported once the configuration points at the local system's DynamoDB Local. */
async function storeAt(system: LocalSystem) {
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${system.dynamoPort}`;
  process.env.AWS_REGION = 'local';
  for (const table of Object.values(TABLES)) process.env[table.envVar] = table.name;
  useConfig(loadConfig(process.env));
  const [counters, registrations, sessions, trainees, scenario, fixtures, tokens] = await Promise.all([
    import('#shared/store/counters'),
    import('#shared/store/registrations'),
    import('#shared/store/sessions'),
    import('#shared/store/trainees'),
    import('../test/support/http-scenario'),
    import('../test/support/fixtures'),
    import('#infra/local/tokens'),
  ]);
  return { counters, registrations, sessions, trainees, scenario, fixtures, tokens };
}
type Store = Awaited<ReturnType<typeof storeAt>>;

/** A document client of its own on the same DynamoDB Local, under the same rules as the system's. */
function bareClient(system: LocalSystem) {
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${system.dynamoPort}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  applyCloudRules(client);
  return DynamoDBDocumentClient.from(client);
}

/** Trainees with profiles, written in bulk (BatchWrite), each with a signed-in client. */
async function seedTrainees(
  store: Store,
  system: LocalSystem,
  anonymous: ApiClient,
  count: number,
): Promise<ApiClient[]> {
  const db = bareClient(system);
  const tag = Date.now().toString(36);
  const updatedAt = new Date().toISOString();
  const profiles = Array.from({ length: count }, (_, n) => ({
    traineeId: `bench-trainee-${tag}-${n}`,
    name: `学员${n}`,
    idNumber: store.fixtures.idNumberFor(n),
    employer: '某单位',
    city: '南宁',
    email: `t${n}@example.cn`,
    updatedAt,
  }));
  const batches: (typeof profiles)[] = [];
  for (let start = 0; start < profiles.length; start += 25) batches.push(profiles.slice(start, start + 25));
  await inPool(batches, 4, (batch) =>
    batchWrite(
      { db, BatchWriteCommand },
      TABLES.registrations.name,
      batch.map((profile) => store.trainees.profileItem(profile)),
    ),
  );
  db.destroy();
  const signer = await store.tokens.loadOrCreateSigner(join(system.dataDir, 'keys'));
  return Promise.all(
    profiles.map(async (profile) =>
      anonymous.withToken(await store.tokens.mintToken(signer, { sub: profile.traineeId, role: 'trainee' })),
    ),
  );
}

/** Everyone at once: one POST each, answered and timed. */
async function burst(trainees: readonly ApiClient[], pathOf: (n: number) => string) {
  const started = performance.now();
  const answers = await Promise.all(
    trainees.map(async (trainee, n) => {
      const sent = performance.now();
      const answer = await trainee.post(pathOf(n));
      return { answer, ms: performance.now() - sent };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { answers, seconds };
}

function tally(timed: { answer: ApiResponse; ms: number }[], seconds: number): Answers {
  const statuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const { answer } of timed) {
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status !== 201) {
      const what = `${answer.status} ${answer.body?.error?.code ?? ''}`.trim();
      failures[what] = (failures[what] ?? 0) + 1;
    }
  }
  const latencies = timed.map((entry) => entry.ms);
  return {
    registrants: timed.length,
    statuses,
    failures,
    conflicts409: statuses['409'] ?? 0,
    serverErrors5xx: timed.filter(({ answer }) => answer.status >= 500).length,
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
    seconds: round(seconds),
    perSecond: round(timed.length / seconds),
  };
}

/** The bare seat claim: a seat while one is free and nobody waits, else a waitlist ticket. */
async function bareSeatClaims(system: LocalSystem, registrants: number, capacity: number): Promise<Bare> {
  const db = bareClient(system);
  const Key = { pk: `BENCH#SESSION#${Date.now().toString(36)}`, sk: 'SESSION' };
  await db.send(
    new PutCommand({
      TableName: TABLES.plans.name,
      Item: { ...Key, capacity, seatsTaken: 0, waitlistLength: 0, waitlistCounter: 0 },
    }),
  );
  const started = performance.now();
  await Promise.all(
    Array.from({ length: registrants }, async () => {
      try {
        await db.send(
          new UpdateCommand({
            TableName: TABLES.plans.name,
            Key,
            UpdateExpression: 'ADD seatsTaken :one',
            ConditionExpression: 'seatsTaken < #capacity AND waitlistLength = :zero',
            ExpressionAttributeNames: { '#capacity': 'capacity' },
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        await db.send(
          new UpdateCommand({
            TableName: TABLES.plans.name,
            Key,
            UpdateExpression: 'ADD waitlistCounter :one, waitlistLength :one',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  db.destroy();
  return { seconds: round(seconds), perSecond: round(registrants / seconds) };
}

/** Bare PutItems of as many new items, at once. */
async function barePuts(system: LocalSystem, registrants: number): Promise<Bare> {
  const db = bareClient(system);
  const tag = Date.now().toString(36);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: registrants }, (_, n) =>
      db.send(
        new PutCommand({
          TableName: TABLES.registrations.name,
          Item: { pk: `BENCH#REG#${tag}#${n}`, sk: 'REG' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  db.destroy();
  return { seconds: round(seconds), perSecond: round(registrants / seconds) };
}

async function hotSession(
  system: LocalSystem,
  trainees: readonly ApiClient[],
  sessionId: string,
  capacity: number,
): Promise<HotSessionResult> {
  const bare = await bareSeatClaims(system, trainees.length, capacity);
  const { answers, seconds } = await burst(trainees, () => `/sessions/${sessionId}/registrations`);
  const counted = tally(answers, seconds);
  const bodies = answers.filter(({ answer }) => answer.status === 201).map(({ answer }) => answer.body);
  const places = bodies
    .filter((body) => body.status === 'waitlisted')
    .map((body) => body.waitlistPosition as number)
    .sort((a, b) => a - b);
  return {
    ...counted,
    capacity,
    confirmed: bodies.filter((body) => body.status === 'confirmed').length,
    waitlisted: places.length,
    placesDistinct: new Set(places).size === places.length,
    placesInOrder: places.every((place, index) => place === index + 1),
    bare,
    ratio: round(counted.perSecond / bare.perSecond),
  };
}

async function spreadSessions(
  system: LocalSystem,
  trainees: readonly ApiClient[],
  sessionIds: readonly string[],
  writeLogFile: string,
): Promise<SpreadResult & { lastAnswerAt: number }> {
  const bare = await barePuts(system, trainees.length);
  const { answers, seconds } = await burst(
    trainees,
    (n) => `/sessions/${sessionIds[n % sessionIds.length]}/registrations`,
  );
  const lastAnswerAt = performance.now();
  const counted = tally(answers, seconds);
  const writes = registrationWrites(readWriteLog(writeLogFile), new Set(sessionIds));
  return {
    ...counted,
    sessions: sessionIds.length,
    confirmed: answers.filter(({ answer }) => answer.status === 201 && answer.body.status === 'confirmed')
      .length,
    bare,
    ratio: round(counted.perSecond / bare.perSecond),
    writesLogged: writes.count,
    sharedItems: writes.shared,
    lastAnswerAt,
  };
}

/**
 * What is counted: a plan's or a host's yearly `confirmed`, or the seats taken of sessions (their
 * `seatsTaken` added up: the aggregator's count for sessions without a capacity).
 */
type Owner = { label: string; kind: 'plan' | 'org' | 'seats'; id: string; sessionIds: readonly string[] };

/** Confirmed registrations of each owner, recounted from the stored registrations. */
async function recount(store: Store, owners: readonly Owner[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const owner of owners) {
    let confirmed = 0;
    for (const sessionId of owner.sessionIds)
      confirmed += (await store.registrations.registrationsOfSession(sessionId, 'confirmed')).length;
    counts.set(owner.label, confirmed);
  }
  return counts;
}

/**
 * Reads the counters again and again, a short pause apart, from `since` (the last answer) while
 * the registrations are recounted, then until a reading equals the recount or the timeout passes:
 * the time reported is that of the first equal reading, however long the recount itself took.
 */
async function countersAgree(
  store: Store,
  owners: readonly Owner[],
  year: number,
  since: number,
  timeoutMs: number,
): Promise<CountersResult> {
  const readings: { at: number; confirmed: number[] }[] = [];
  const yearly = owners.flatMap(({ kind, id }) => (kind === 'seats' ? [] : [{ kind, id }]));
  const read = async () => {
    const counters = await store.counters.readManyCounters(yearly, year);
    const confirmed = await Promise.all(
      owners.map(async (owner) => {
        if (owner.kind !== 'seats')
          return counters.get(store.counters.ownerKey({ kind: owner.kind, id: owner.id }))?.confirmed ?? 0;
        const sessions = await store.sessions.getSessions(owner.sessionIds);
        return [...sessions.values()].reduce((sum, session) => sum + session.seatsTaken, 0);
      }),
    );
    readings.push({ at: performance.now(), confirmed });
  };
  let recounted: number[] | undefined;
  const equal = (reading: { confirmed: number[] }) =>
    recounted !== undefined && reading.confirmed.every((value, index) => value === recounted?.[index]);
  const polling = (async () => {
    for (;;) {
      await read();
      const latest = readings.at(-1);
      if ((latest && equal(latest)) || performance.now() > since + timeoutMs) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const counts = await recount(store, owners);
  recounted = owners.map((owner) => counts.get(owner.label) ?? 0);
  await polling;
  const first = readings.find(equal);
  const last = readings.at(-1);
  return {
    agreed: first !== undefined,
    seconds: round(((first ?? last)?.at ?? performance.now()) / 1000 - since / 1000),
    rows: owners.map((owner, index) => ({
      owner: owner.label,
      counted: (first ?? last)?.confirmed[index] ?? 0,
      recounted: recounted?.[index] ?? 0,
    })),
  };
}

async function child(resultFile: string): Promise<void> {
  const sizes = JSON.parse(process.env.OPENING_DAY_SIZES ?? JSON.stringify(ISSUE_SIZES)) as OpeningDaySizes;
  const work = process.env.BENCH_WORK_DIR as string;
  const writeLogFile = join(work, 'writes.jsonl');
  const { startLocalSystem } = await import('../test/support/local-system');
  const { ApiClient } = await import('../test/support/api-client');
  const system = await startLocalSystem({
    env: { DYNAMODB_RULES: 'cloud', DYNAMODB_WRITE_LOG: writeLogFile },
  });
  // A parent that gave up (a test's timeout) leaves no local system running behind it.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) void system.stop().finally(() => process.exit(1));
  }, 1000);
  orphaned.unref();
  try {
    const setupStarted = performance.now();
    const store = await storeAt(system);
    const anonymous = new ApiClient(system.baseUrl);
    const admin = await anonymous.as('bench-admin', 'admin', 'org_hrss');

    const hot = await store.scenario.publishedSession(anonymous, admin, {
      capacity: sizes.hot.capacity,
      hostName: '热门班次承办单位',
      sessionTitle: '开放日热门班次',
    });
    const spread = await uncappedSessions(store, anonymous, admin, sizes.spread.sessions);
    const trainees = await seedTrainees(
      store,
      system,
      anonymous,
      sizes.hot.registrants + sizes.spread.registrants,
    );
    const setupSeconds = round((performance.now() - setupStarted) / 1000);

    const hotResult = await hotSession(
      system,
      trainees.slice(0, sizes.hot.registrants),
      hot.sessionId,
      sizes.hot.capacity,
    );
    const { lastAnswerAt, ...spreadResult } = await spreadSessions(
      system,
      trainees.slice(sizes.hot.registrants),
      spread.sessionIds,
      writeLogFile,
    );
    const counters = await countersAgree(
      store,
      [
        { label: 'hot session: plan', kind: 'plan', id: hot.planId, sessionIds: [hot.sessionId] },
        { label: 'hot session: host', kind: 'org', id: hot.orgId, sessionIds: [hot.sessionId] },
        { label: 'spread: plan', kind: 'plan', id: spread.planId, sessionIds: spread.sessionIds },
        { label: 'spread: host', kind: 'org', id: spread.orgId, sessionIds: spread.sessionIds },
        {
          label: "spread: the sessions' seats taken",
          kind: 'seats',
          id: spread.planId,
          sessionIds: spread.sessionIds,
        },
      ],
      hot.year,
      lastAnswerAt,
      sizes.counterTimeoutMs,
    );
    const log = readWriteLog(writeLogFile);
    const result: OpeningDayResult = {
      sizes,
      hot: hotResult,
      spread: spreadResult,
      counters,
      conflictedItems: conflictedItems(log),
      faults: faultsIn(system.output()),
      setupSeconds,
    };
    writeFileSync(resultFile, JSON.stringify(result));
  } catch (error) {
    console.error(system.output().slice(-3000));
    throw error;
  } finally {
    await system.stop();
  }
}

/** ERROR lines of the local system's JSON log, counted by the name of their error. */
function faultsIn(output: string): Record<string, number> {
  const faults: Record<string, number> = {};
  for (const line of output.split('\n')) {
    // The local server's own fault line (infra/local/server.ts), an error no handler answered.
    if (line.startsWith('local server fault:'))
      faults['local server fault'] = (faults['local server fault'] ?? 0) + 1;
    if (!line.startsWith('{') || !line.includes('"level":"ERROR"')) continue;
    try {
      const { message, error } = JSON.parse(line) as { message?: string; error?: { name?: string } };
      const what = `${message ?? 'error'}: ${error?.name ?? 'unnamed'}`;
      faults[what] = (faults[what] ?? 0) + 1;
    } catch {
      // not a log line
    }
  }
  return faults;
}

/** One host with one published plan and `count` uncapped online sessions. */
async function uncappedSessions(store: Store, anonymous: ApiClient, admin: ApiClient, count: number) {
  const first = await store.scenario.publishedSession(anonymous, admin, {
    capacity: null,
    hostName: '公需科目承办单位',
    sessionTitle: '公需科目在线班次1',
  });
  const session = (await first.host.get(`/sessions/${first.sessionId}`)).body;
  const sessionIds = [first.sessionId];
  for (let n = 2; n <= count; n++) {
    const created = await first.host.post(`/plans/${first.planId}/sessions`, {
      title: `公需科目在线班次${n}`,
      registrationDeadline: session.registrationDeadline,
      startDate: session.startDate,
      endDate: session.endDate,
      capacity: null,
      creditHours: session.creditHours,
      subjectType: session.subjectType,
      mode: 'online',
      city: session.city,
    });
    if (created.status !== 201) throw new Error(`Could not add a session: ${JSON.stringify(created.body)}`);
    sessionIds.push(created.body.id as string);
  }
  return { orgId: first.orgId, planId: first.planId, sessionIds };
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const resultFile = process.argv[3];
  if (!resultFile) throw new Error('Usage: opening-day.ts --opening-day-child <result.json>');
  child(resultFile).then(
    // The local system's child and the SDK's sockets would otherwise keep the process alive.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
