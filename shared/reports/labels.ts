/**
 * The year report's words and layout, shared by the CSV, XLSX and HTML renderers so the three
 * files never disagree: Chinese labels for the codes, the money and time formats, and the report
 * cut into tables (title, columns, rows of raw cells), each renderer only choosing how to print a cell.
 */
import { cityOfScope } from '#shared/domain/reports/city-scope';
import { NO_DEPARTMENT } from '#shared/domain/reports/compile';
import type { BaseEvaluation, Figures, Flag, YearReport } from '#shared/domain/reports/schemas';
import {
  ANNUAL_REPORT_STATUS_LABELS,
  CATEGORY_LABELS,
  FLAG_LABELS,
  LEVEL_LABELS,
  NO_DEPARTMENT_LABEL,
  ORGANIZATION_STATUS_LABELS,
  PROJECT_LABELS,
  UNKNOWN_CITY_LABEL,
} from '#shared/i18n/labels';
import { formatYuan } from '#shared/i18n/numbers';

/** A Record over every key, so a field added to Figures fails to compile until it has a header. */
export const FIGURE_HEADERS: Record<keyof Figures, string> = {
  plans: '计划数',
  plannedSessions: '计划班次',
  sessionsCreated: '已创建班次',
  sessionsHeld: '已举办班次',
  plannedTrainees: '计划人数',
  confirmed: '报名确认',
  completed: '结业',
  failed: '未通过',
  creditHours: '学时',
  certificatesIssued: '颁发证书',
  certificatesRevoked: '撤销证书',
  subsidyCapFen: '资助限额(元)',
  spentFen: '实际支出(元)',
  reimbursableFen: '可报销(元)',
};

export const reportTitle = (year: number) => `${year}年度专业技术人才知识更新工程评估报告`;

/** A department's row: its name (its id in a report compiled before names were shown). */
const departmentLabel = (group: { key: string; name?: string | undefined }) =>
  group.name ?? (group.key === NO_DEPARTMENT ? NO_DEPARTMENT_LABEL : group.key);

const cityLabel = (city: string) => (city === 'unknown' ? UNKNOWN_CITY_LABEL : city);

/** `all` is the program office's report of the whole region; otherwise a city's or a department's, by name. */
export function scopeLabel(report: Pick<YearReport, 'scope' | 'byDepartment'>): string {
  if (report.scope === 'all') return '全区';
  const city = cityOfScope(report.scope);
  if (city !== undefined) return `城市 ${city}`;
  const own = report.byDepartment.find((group) => group.key === report.scope);
  return `主管部门 ${own ? departmentLabel(own) : report.scope}`;
}

/** Credit hours can be fractional; sums of fractions must not print as 12.300000000000001. */
export const formatNumber = (value: number) => String(Math.round(value * 100) / 100);

/** Beijing has no daylight saving time, so a fixed +08:00 gives the wall-clock time readers expect. */
export function beijingDateTime(instant: string): string {
  const shifted = new Date(Date.parse(instant) + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;
}

/**
 * How fresh the report's counters are (they follow the registrations by a stream): the write time
 * of the newest change they hold. Undefined for reports compiled before it was kept.
 */
export function countsFreshness(
  report: Pick<YearReport, 'countsAppliedThrough'>,
): { label: string; value: string } | undefined {
  if (report.countsAppliedThrough === undefined) return undefined;
  const label = '计数截至';
  if (report.countsAppliedThrough === null) return { label, value: '尚无报名变更计入' };
  return {
    label,
    value: `${beijingDateTime(report.countsAppliedThrough)}，此前的报名、取消与成绩均已计入`,
  };
}

/** How a cell is printed: money is held in fen and shown in yuan. */
export type ColumnKind = 'text' | 'count' | 'hours' | 'money';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** A change from last year: a reader of the page wants "+12"; a CSV keeps the plain number. */
  signed?: boolean;
  /** An id, for matching rows in a spreadsheet: the files keep it, the page shows names only. */
  reference?: boolean;
  /**
   * Long text the page gives room to wrap into a few lines, not a character per line: a plan's
   * title the most, an organization's name less.
   */
  room?: 'title' | 'name';
}

/** Text is text, numbers are numbers (money in fen), null is an empty cell. */
export type Cell = string | number | null;

export interface ReportTable {
  /** Stable name for anchors and lookups; titles are for people. */
  id: string;
  title: string;
  columns: readonly Column[];
  rows: Cell[][];
}

/** A cell as text, the same in every format that needs text (CSV, HTML). */
export function displayCell(column: Column, cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return column.kind === 'money' ? formatYuan(cell) : formatNumber(cell);
}

const text = (header: string): Column => ({ header, kind: 'text' });
const reference = (header: string): Column => ({ header, kind: 'text', reference: true });
const name = (header: string): Column => ({ header, kind: 'text', room: 'name' });
const count = (header: string, signed = false): Column => ({ header, kind: 'count', signed });
const money = (header: string, signed = false): Column => ({ header, kind: 'money', signed });

const FIGURE_KEYS = Object.keys(FIGURE_HEADERS) as (keyof Figures)[];

const FIGURE_COLUMNS: Column[] = FIGURE_KEYS.map((key) => ({
  header: FIGURE_HEADERS[key],
  kind: key.endsWith('Fen') ? 'money' : key === 'creditHours' ? 'hours' : 'count',
}));

function figureTable<G extends { key: string; figures: Figures }>(
  id: string,
  title: string,
  keyHeader: string,
  groups: readonly G[],
  label: (group: G) => string,
): ReportTable {
  return {
    id,
    title,
    columns: [name(keyHeader), ...FIGURE_COLUMNS],
    rows: groups.map((group) => [label(group), ...FIGURE_KEYS.map((field) => group.figures[field])]),
  };
}

function basesTable(bases: readonly BaseEvaluation[]): ReportTable {
  return {
    id: 'bases',
    title: '继续教育基地',
    columns: [
      name('基地名称'),
      reference('机构编号'),
      text('城市'),
      text('级别'),
      text('状态'),
      count('培训人数'),
      count('最低要求'),
      text('是否达标'),
      text('年度总结'),
      count('逾期天数'),
      text('年度总结审核状态'),
    ],
    rows: bases.map((base) => [
      base.name,
      base.orgId,
      base.city,
      LEVEL_LABELS[base.level],
      (ORGANIZATION_STATUS_LABELS as Record<string, string | undefined>)[base.status] ?? base.status,
      base.trained,
      base.minimum,
      base.meetsMinimum ? '达标' : '未达标',
      base.annualReportFiled ? '已提交' : '未提交',
      base.lateDays,
      // Not filed, or a report compiled before reviews were kept: an empty cell.
      base.annualReportStatus ? ANNUAL_REPORT_STATUS_LABELS[base.annualReportStatus] : null,
    ]),
  };
}

function plansTable(plans: YearReport['plans']): ReportTable {
  return {
    id: 'plans',
    title: '年度计划',
    columns: [
      { header: '计划名称', kind: 'text', room: 'title' },
      reference('计划编号'),
      text('项目'),
      text('类别'),
      name('承办单位'),
      reference('承办单位编号'),
      name('主管部门'),
      reference('主管部门编号'),
      count('计划班次'),
      count('已创建班次'),
      count('已举办班次'),
      count('计划人数'),
      count('结业'),
      money('资助限额(元)'),
      money('实际支出(元)'),
      text('是否超支'),
    ],
    rows: plans.map((plan) => [
      plan.title,
      plan.planId,
      PROJECT_LABELS[plan.project],
      CATEGORY_LABELS[plan.category],
      // Reports compiled before names were shown carry ids only.
      plan.hostName ?? plan.hostOrgId,
      plan.hostOrgId,
      plan.departmentId ? (plan.departmentName ?? plan.departmentId) : NO_DEPARTMENT_LABEL,
      plan.departmentId ?? null,
      plan.plannedSessions,
      plan.sessionsCreated,
      plan.sessionsHeld,
      plan.plannedTrainees,
      plan.trained,
      plan.subsidyCapFen,
      plan.spentFen,
      plan.overCap ? '超支' : '否',
    ]),
  };
}

function flagsTable(flags: readonly Flag[]): ReportTable {
  return {
    id: 'flags',
    title: '需关注事项',
    columns: [text('事项'), text('对象'), name('对象名称'), reference('对象编号'), name('说明')],
    rows: flags.map((flag) => [
      FLAG_LABELS[flag.kind],
      flag.subjectType === 'base' ? '基地' : '计划',
      flag.subjectName,
      flag.subjectId,
      flag.detail,
    ]),
  };
}

function changeTable(change: YearReport['changeFromLastYear']): ReportTable {
  return {
    id: 'change',
    title: '与上年比较',
    columns: [
      count('上年度'),
      count('结业人数变化', true),
      { header: '学时变化', kind: 'hours', signed: true },
      count('已举办班次变化', true),
      money('实际支出变化(元)', true),
    ],
    // No row at all when there was no report last year: an empty table, not a row of zeros.
    rows: change
      ? [[change.previousYear, change.completed, change.creditHours, change.sessionsHeld, change.spentFen]]
      : [],
  };
}

/** The report's sections, in reading order: one CSV section, one sheet, one HTML table each. */
export function reportTables(report: YearReport): ReportTable[] {
  return [
    figureTable('totals', '总计', '统计范围', [{ key: report.scope, figures: report.totals }], () =>
      scopeLabel(report),
    ),
    changeTable(report.changeFromLastYear),
    figureTable('projects', '按项目', '项目', report.byProject, ({ key }) => PROJECT_LABELS[key]),
    figureTable('categories', '按类别', '类别', report.byCategory, ({ key }) => CATEGORY_LABELS[key]),
    figureTable('cities', '按城市', '城市', report.byCity, ({ key }) => cityLabel(key)),
    figureTable('departments', '按主管部门', '主管部门', report.byDepartment, departmentLabel),
    basesTable(report.bases),
    plansTable(report.plans),
    flagsTable(report.flags),
  ];
}
