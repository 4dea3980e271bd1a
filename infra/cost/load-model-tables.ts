/**
 * The tables of docs/load-model.md, from the load model of opening-day.ts: `npm run load-model`
 * prints them, and test/infra/load-model.test.ts fails when the document shows other figures.
 */

import { COUNTS_BATCH_SIZE } from '#shared/store/registration-filter';
import { writeUnits } from './item-size';
import {
  AGGREGATOR_BATCH_WRITES,
  AGGREGATOR_WINDOW_SECONDS,
  type AggregatorLoad,
  API_GATEWAY_ACCOUNT_RPS,
  aggregatorAt,
  aggregatorBatchWriteUnits,
  aggregatorWriteUnits,
  type Concurrency,
  concurrencyAt,
  conflictsPerSecond,
  type DayCost,
  dayCost,
  HOT_CAPPED_SESSION,
  HOT_SEMINAR_RATE,
  HOT_SEMINARS_AT_ONCE,
  hotWaitlistReadUnits,
  hotWriteUnits,
  ITEMS,
  marksOnSession,
  NEW_ON_DEMAND_TABLE_WRITE_UNITS,
  PARTITION_READ_UNITS,
  PARTITION_WRITE_UNITS,
  PATHS,
  type PathName,
  type PeakRates,
  PUBLIC_ROUTE_THROTTLE,
  pathWriteUnits,
  peakRates,
  publicCourseCeiling,
  REGISTRANT_REQUESTS,
  ROUTE_THROTTLE,
  SCENARIOS,
  STREAM_SHARDS,
  serialCeiling,
  sessionReadUnits,
  type Table,
  TRANSACTION_HOLD_SECONDS,
  tableWriteUnits,
  WATERMARKS_ON_A_BUSY_COUNTER,
  writeUnitsOf,
} from './opening-day';

const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
const usd = (value: number) => (value > 0 && value < 0.01 ? '<0.01' : value.toFixed(2));
const percent = (value: number) => `${Math.round(value * 100)}%`;
const markdown = (rows: string[][]) =>
  rows
    .map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`)
    .join('\n');

export function peaksTable(): string {
  const [expected, stress] = [peakRates(SCENARIOS.expected), peakRates(SCENARIOS.stress)];
  const row = (label: string, pick: (rates: PeakRates) => number) => [
    label,
    format(pick(expected)),
    format(pick(stress)),
  ];
  return markdown([
    ['registrations', 'expected', 'stress'],
    [
      'opening day',
      `${format(expected.day)} (${percent(SCENARIOS.expected.openingDayShare)} of the year)`,
      `${format(stress.day)} (${percent(SCENARIOS.stress.openingDayShare)})`,
    ],
    [
      'busiest hour',
      `${format(expected.hour)} (${percent(SCENARIOS.expected.peakHourShare)} of the day)`,
      `${format(stress.hour)} (${percent(SCENARIOS.stress.peakHourShare)})`,
    ],
    [
      'busiest minute',
      `${format(expected.minute)} (${percent(SCENARIOS.expected.peakMinuteShare)} of the hour)`,
      `${format(stress.minute)} (${percent(SCENARIOS.stress.peakMinuteShare)})`,
    ],
    row('a second, mean of that minute', (rates) => rates.minuteMeanPerSecond),
    [
      '**a second, at the peak** (burst factor)',
      `**${format(expected.peakSecond)}** (×${SCENARIOS.expected.burstFactor})`,
      `**${format(stress.peakSecond)}** (×${SCENARIOS.stress.burstFactor})`,
    ],
  ]);
}

export function itemsTable(): string {
  const marks = marksOnSession(HOT_SEMINAR_RATE);
  const rows: [string, number][] = [
    ['registration, the public course (`countedBy`, `seatCountedBy`)', ITEMS.registration],
    ["registration, a seat claimed (`countedBy`, the claim's nonce)", ITEMS.cappedRegistration],
    ['registration (waitlisted)', ITEMS.waitlistedRegistration],
    [
      "registration (completed by its session's first result: `result`, `sessionHeld`)",
      ITEMS.completedRegistration,
    ],
    ['guard (before derived ids; still read)', ITEMS.guard],
    ['session, the public course, as before issue 21', ITEMS.publicCourseSessionBefore],
    [
      `session, the public course, its seats counted from the stream (${WATERMARKS_ON_A_BUSY_COUNTER} shard watermarks)`,
      ITEMS.publicCourseSession,
    ],
    ['session, a capped seminar, full, no claim mark', ITEMS.cappedSessionAtRest],
    [`session, a hot capped seminar with seats left, ${marks} seat marks on it`, ITEMS.cappedSessionSeating],
    [`session, the same, full, ${marks} ticket marks on it`, ITEMS.cappedSession],
    ['idempotency record with its 201', ITEMS.idempotencyRecord],
    ['yearly counters without watermarks (as before issue 21)', ITEMS.countersBefore],
    [`yearly counters with ${WATERMARKS_ON_A_BUSY_COUNTER} shard watermarks`, ITEMS.counters],
    ["the aggregator's progress item", ITEMS.countsProgress],
  ];
  return markdown([
    ['item', 'bytes', 'write units (single / in a transaction)'],
    ...rows.map(([name, bytes]) => [
      name,
      format(bytes),
      `${writeUnits(bytes)} / ${writeUnits(bytes, true)}`,
    ]),
  ]);
}

export function writesTable(path: PathName): string {
  return markdown([
    ['write', 'bytes', 'transaction', 'index entries', 'write units'],
    ...PATHS[path].map((write) => [
      write.what,
      format(write.bytes),
      write.transactional ? 'yes' : '',
      String(write.indexes),
      String(writeUnitsOf(write)),
    ]),
    ['**one registration**', '', '', '', `**${pathWriteUnits(path)}**`],
  ]);
}

/**
 * Shared partition keys: write units a registration puts on each, and a second at its rate, against
 * 1,000 a partition. The public course's keys at both peaks; a hot seminar's at its own rate. An
 * item only the aggregator writes takes its units a batch, whatever the registrations a second.
 */
export function partitionsTable(): string {
  const peaks = [peakRates(SCENARIOS.expected).peakSecond, peakRates(SCENARIOS.stress).peakSecond];
  const load = (rate: number, units: number) =>
    `${format(rate * units)} (${percent((rate * units) / PARTITION_WRITE_UNITS)})`;
  const row = (label: string, units: number, rates: number[], keys = 1) => [
    label,
    String(units),
    rates.map((rate) => `${format(keys * rate)}/s`).join(' · '),
    rates.map((rate) => load(keys * rate, units)).join(' · '),
    format(PARTITION_WRITE_UNITS / units / keys),
  ];
  const seating = hotWriteUnits('cappedSeat', 'session');
  const full = hotWriteUnits('cappedWaitlisted', 'session');
  const aggregator = peaks.map(aggregatorAt);
  const byAggregator = (pick: (load: AggregatorLoad) => number) =>
    aggregator
      .map((load) => `${format(pick(load))} (${percent(pick(load) / PARTITION_WRITE_UNITS)})`)
      .join(' · ');
  // The index keys every session has an entry under: the hot seminars' claims, and the
  // aggregator's writes of the public course (the same at both peaks: 2 batches a second).
  const seminars = HOT_SEMINARS_AT_ONCE * HOT_SEMINAR_RATE;
  const allSessions = (units: number) =>
    seminars * units + aggregatorAt(peakRates(SCENARIOS.stress).peakSecond).sessionUnits;
  return markdown([
    [
      'shared partition key',
      'write units a registration',
      'registrations',
      'units/s (share of 1,000)',
      'registrations/s it takes',
    ],
    row(
      'before: host counters `ORG#<host>/COUNTERS#<year>`',
      hotWriteUnits('before', 'host counters'),
      peaks,
    ),
    row(
      'before: plan counters `PLAN#<plan>/COUNTERS#<year>`',
      hotWriteUnits('before', 'plan counters'),
      peaks,
    ),
    row("before: the public course's session item", hotWriteUnits('before', 'session'), peaks),
    [
      "now: the public course's session item (and each of its 3 index entries): no registrant's write, the aggregator's",
      `0; ${writeUnits(ITEMS.publicCourseSession)} a batch`,
      peaks.map((rate) => `${format(rate)}/s`).join(' · '),
      byAggregator((load) => load.sessionUnits),
      'any',
    ],
    row(
      "now: the public course's roster, index `gsi1` `ROSTER#<session>`",
      hotWriteUnits('publicCourse', 'roster'),
      peaks,
    ),
    [
      'now: host counters (and plan counters), fed by the stream',
      `${writeUnits(ITEMS.counters)} a batch`,
      peaks.map((rate) => `${format(rate)}/s`).join(' · '),
      byAggregator((load) => load.hostCounterUnits),
      'any',
    ],
    row("now: a hot capped seminar's session item, seats left (and each of its 3 index entries)", seating, [
      HOT_SEMINAR_RATE,
    ]),
    row("now: a hot capped seminar's session item, full (and each of its 3 index entries)", full, [
      HOT_SEMINAR_RATE,
    ]),
    [
      `now: index \`gsi3\` \`SESSIONS\` and \`gsi2\` \`SESSIONS#<year>\` (every session has its entry there): ${HOT_SEMINARS_AT_ONCE} hot seminars at once, seats left · full, and the aggregator's writes of the public course`,
      `${seating} · ${full}`,
      `${format(seminars)}/s`,
      [seating, full]
        .map(
          (units) => `${format(allSessions(units))} (${percent(allSessions(units) / PARTITION_WRITE_UNITS)})`,
        )
        .join(' · '),
      '',
    ],
    row(
      "now: a hot capped seminar's waitlist, index `gsi3` `WAITLIST#<session>`",
      hotWriteUnits('cappedWaitlisted', 'waitlist'),
      [HOT_SEMINAR_RATE],
    ),
  ]);
}

/** The aggregator's writes for one batch, and its load at the peaks. */
export function aggregatorTable(): string {
  const [expected, stress] = [
    peakRates(SCENARIOS.expected).peakSecond,
    peakRates(SCENARIOS.stress).peakSecond,
  ].map(aggregatorAt) as [AggregatorLoad, AggregatorLoad];
  return markdown([
    ['a batch writes', 'bytes', 'index entries', 'write units'],
    ...AGGREGATOR_BATCH_WRITES.map((write) => [
      write.what,
      format(write.bytes),
      String(write.indexes),
      String(aggregatorWriteUnits(write)),
    ]),
    ['**one batch**', '', '', `**${aggregatorBatchWriteUnits()}**`],
    [
      `at the peak (${STREAM_SHARDS} shards, ${AGGREGATOR_WINDOW_SECONDS} s window, at most ${format(COUNTS_BATCH_SIZE)} records)`,
      '',
      'expected',
      'stress',
    ],
    ['records a batch', '', format(expected.recordsPerBatch), format(stress.recordsPerBatch)],
    ['batches a second', '', format(expected.batchesPerSecond), format(stress.batchesPerSecond)],
    ['write units a second (plans table and its indexes)', '', format(expected.units), format(stress.units)],
  ]);
}

/** Each table's writes a second at the stress peak, against a new on-demand table's warm throughput. */
export function tablesTable(): string {
  const stress = peakRates(SCENARIOS.stress).peakSecond;
  const tables: Table[] = ['plans', 'registrations', 'idempotency'];
  const cell = (units: number) => `${format(units)} (${percent(units / NEW_ON_DEMAND_TABLE_WRITE_UNITS)})`;
  const aggregator = aggregatorAt(stress);
  return markdown([
    [
      `write units a second at the stress peak (share of ${format(NEW_ON_DEMAND_TABLE_WRITE_UNITS)})`,
      'before',
      'now, the public course',
    ],
    ...tables.flatMap((table) => [
      [
        table === 'plans' ? 'plans (now with the aggregator)' : table,
        cell(stress * tableWriteUnits('before', table, 'table')),
        cell(
          stress * tableWriteUnits('publicCourse', table, 'table') +
            (table === 'plans' ? aggregator.tableUnits : 0),
        ),
      ],
      // The idempotency table has no index.
      ...(table === 'idempotency'
        ? []
        : [
            [
              `${table}, its busiest index`,
              cell(stress * tableWriteUnits('before', table, 'index')),
              cell(
                stress * tableWriteUnits('publicCourse', table, 'index') +
                  (table === 'plans' ? aggregator.sessionUnits : 0),
              ),
            ],
          ]),
    ]),
  ]);
}

/** Reads on shared partition keys a second, against 3,000 read units. */
export function readsTable(): string {
  const stress = peakRates(SCENARIOS.stress).peakSecond;
  const waitlist = hotWaitlistReadUnits() / HOT_CAPPED_SESSION.seconds;
  const share = (units: number) => `${format(units)} (${percent(units / PARTITION_READ_UNITS)})`;
  return markdown([
    ['shared partition key', 'read units a second', 'at'],
    [
      "the public course's session item",
      share(stress * sessionReadUnits(ITEMS.publicCourseSession)),
      `stress peak, ${format(stress)}/s`,
    ],
    [
      "hot capped seminar's session item, seats left",
      share(HOT_SEMINAR_RATE * sessionReadUnits(ITEMS.cappedSessionSeating)),
      `${format(HOT_SEMINAR_RATE)}/s`,
    ],
    [
      "hot capped seminar's waitlist places listed (`GET /registrations?mine=true`), index `gsi3` `WAITLIST#<session>`",
      share(waitlist),
      `${format(HOT_CAPPED_SESSION.registrants - HOT_CAPPED_SESSION.seats)} waitlisted list theirs within ${HOT_CAPPED_SESSION.seconds} s (${format(hotWaitlistReadUnits())} units)`,
    ],
  ]);
}

export function conflictsTable(): string {
  const [expected, stress] = [peakRates(SCENARIOS.expected), peakRates(SCENARIOS.stress)];
  const rates = [expected.peakSecond, stress.peakSecond];
  const utilisation = (rate: number) => rate * TRANSACTION_HOLD_SECONDS;
  const { roster, sessionReads } = publicCourseCeiling();
  const ceiling = Math.min(roster, sessionReads);
  const sessionWrites = (rate: number) =>
    PATHS.publicCourse.filter((write) => write.hot?.includes('session')).length * rate;
  return markdown([
    ['', 'expected peak', 'stress peak'],
    ['registrations a second', ...rates.map(format)],
    [
      'before: each shared item busy (rate × hold time)',
      ...rates.map((rate) => `${percent(utilisation(rate))}`),
    ],
    [
      'before: first attempts cancelled a second, per shared item',
      ...rates.map((rate) => format(conflictsPerSecond(rate))),
    ],
    [
      'before: registrations a second that can complete',
      ...rates.map((rate) => format(Math.min(rate, serialCeiling()))),
    ],
    ['now: transactions on an item two registrants share', '0', '0'],
    [
      "now: registrants' writes a second on the course's session item",
      ...rates.map(sessionWrites).map(format),
    ],
    [
      "now: the aggregator's writes a second on it (one a batch)",
      ...rates.map((rate) => format(aggregatorAt(rate).batchesPerSecond)),
    ],
    [
      `now: registrations a second the course takes: its roster index key's writes (${hotWriteUnits('publicCourse', 'roster')} unit each) · its session item's reads (${sessionReadUnits(ITEMS.publicCourseSession)} units each)`,
      `${format(roster)} · ${format(sessionReads)}`,
      `${format(roster)} · ${format(sessionReads)}`,
    ],
    [
      'now: registrations a second over that, throttled and retried',
      ...rates.map((rate) => format(Math.max(0, rate - ceiling))),
    ],
  ]);
}

export function concurrencyTable(): string {
  const [expected, stress] = [peakRates(SCENARIOS.expected), peakRates(SCENARIOS.stress)];
  const e = concurrencyAt(expected.peakSecond);
  const s = concurrencyAt(stress.peakSecond);
  const total = (rows: Concurrency[], pick: (row: Concurrency) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0);
  return markdown([
    ['function', 'expected, warm', 'expected, cold burst', 'stress, warm', 'stress, cold burst'],
    ...e.map((row, i) => [
      row.fn,
      format(row.warm),
      format(row.cold),
      format(s[i]?.warm ?? 0),
      format(s[i]?.cold ?? 0),
    ]),
    [
      '**all**',
      `**${format(total(e, (row) => row.warm))}**`,
      `**${format(total(e, (row) => row.cold))}**`,
      `**${format(total(s, (row) => row.warm))}**`,
      `**${format(total(s, (row) => row.cold))}**`,
    ],
  ]);
}

export function routesTable(): string {
  const rates = [peakRates(SCENARIOS.expected).peakSecond, peakRates(SCENARIOS.stress).peakSecond];
  return markdown([
    ['route', 'throttle (rate / burst)', 'expected peak', 'stress peak'],
    ...REGISTRANT_REQUESTS.map((request) => [
      `${request.method} ${request.path}${request.note ? ` (${request.note})` : ''}`,
      request.public
        ? `${PUBLIC_ROUTE_THROTTLE.rateLimit} / ${PUBLIC_ROUTE_THROTTLE.burstLimit} (\`PUBLIC_THROTTLE\`)`
        : `${ROUTE_THROTTLE.rateLimit} / ${ROUTE_THROTTLE.burstLimit} (\`THROTTLE\`)`,
      ...rates.map((rate) => `${format(rate)}/s`),
    ]),
    [
      'all routes, the account',
      format(API_GATEWAY_ACCOUNT_RPS),
      ...rates.map((rate) => `${format(rate * REGISTRANT_REQUESTS.length)}/s`),
    ],
  ]);
}

export function costTable(): string {
  const expected = dayCost('expected');
  const stress = dayCost('stress');
  const total = (rows: DayCost[]) => rows.reduce((sum, row) => sum + row.usd, 0);
  return markdown([
    ['the day (USD, list prices of prices.ts)', 'expected', 'USD', 'stress', 'USD'],
    ...expected.map((row, i) => [
      row.row,
      row.volume,
      usd(row.usd),
      stress[i]?.volume ?? '',
      usd(stress[i]?.usd ?? 0),
    ]),
    ['**total**', '', `**${usd(total(expected))}**`, '', `**${usd(total(stress))}**`],
  ]);
}

/** Every table of docs/load-model.md, in its order. */
export function loadModelTables(): Record<string, string> {
  return {
    peaks: peaksTable(),
    items: itemsTable(),
    writesBefore: writesTable('before'),
    writesPublicCourse: writesTable('publicCourse'),
    writesCappedSeat: writesTable('cappedSeat'),
    writesCappedWaitlisted: writesTable('cappedWaitlisted'),
    partitions: partitionsTable(),
    aggregator: aggregatorTable(),
    reads: readsTable(),
    tables: tablesTable(),
    conflicts: conflictsTable(),
    concurrency: concurrencyTable(),
    routes: routesTable(),
    cost: costTable(),
  };
}
