/**
 * The year report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
 * no fonts or images to fetch, so it opens offline, can be mailed or archived, and prints.
 */
import { seminarTargets } from '#shared/config/reports';
import type { YearReport } from '#shared/domain/reports/schemas';
import type { SeminarTargets } from '#shared/domain/reports/seminar-targets';
import { FLAG_LABELS, PROJECT_LABELS } from '#shared/i18n/labels';
import { escapeHtml } from '#shared/render/escape-html';
import {
  beijingDateTime,
  type Cell,
  type Column,
  countsFreshness,
  displayCell,
  type ReportTable,
  reportTables,
  reportTitle,
  scopeLabel,
} from './labels';
import { seminarTargetSection } from './seminar-target';
import { barChart, WARN_COLOUR } from './svg';

/** The counters' freshness after the page's other facts, when the report knows it. */
function freshnessNote(report: YearReport): string {
  const freshness = countsFreshness(report);
  return freshness ? ` · ${escapeHtml(freshness.label)}：${escapeHtml(freshness.value)}` : '';
}

const STYLE = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: #222; line-height: 1.5; max-width: 1200px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #2f6db5; padding-bottom: .2rem; margin-top: 2rem; }
.meta, figcaption, .empty { color: #555; }
/* A table wider than the page scrolls sideways in its own box; the page itself never does. */
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
table.compact { width: auto; min-width: 24rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3fa; white-space: nowrap; }
/* Names keep a readable width instead of wrapping a character per line; a title gets the most. */
td.text { min-width: 5em; }
td.name { min-width: 11em; }
td.title { min-width: 16em; max-width: 30em; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.warn td, .flag-kind { color: ${WARN_COLOUR}; }
.flag-kind { font-weight: bold; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: .85rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  td.text, td.name, td.title { min-width: 0; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure svg { max-width: 100%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

const cellClass = (column: Column) => (column.kind !== 'text' ? 'num' : (column.room ?? 'text'));

function td(column: Column | undefined, cell: Cell): string {
  if (!column) return '<td></td>';
  const text = displayCell(column, cell);
  const shown = column.signed && typeof cell === 'number' && cell > 0 ? `+${text}` : text;
  return `<td class="${cellClass(column)}">${escapeHtml(shown)}</td>`;
}

/**
 * A section's rows, without the id columns (the page names things; the files keep the ids);
 * `warn` picks the rows to show in the warning colour.
 */
function table(section: ReportTable, warn: (index: number) => boolean = () => false): string {
  const shown = section.columns.flatMap((column, index) => (column.reference ? [] : [index]));
  const head = shown
    .map((index) => `<th scope="col">${escapeHtml(section.columns[index]?.header ?? '')}</th>`)
    .join('');
  const body =
    section.rows.length === 0
      ? `<tr><td colspan="${shown.length}" class="empty">（无）</td></tr>`
      : section.rows
          .map((row, index) => {
            const cells = shown.map((column) => td(section.columns[column], row[column] ?? null)).join('');
            return `<tr${warn(index) ? ' class="warn"' : ''}>${cells}</tr>`;
          })
          .join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A one-row section turned on its side: fourteen columns of one row read badly. */
function verticalTable(section: ReportTable): string {
  const row = section.rows[0] ?? [];
  const body = section.columns
    .map(
      (column, index) =>
        `<tr><th scope="row">${escapeHtml(column.header)}</th>${td(column, row[index] ?? null)}</tr>`,
    )
    .join('');
  return `<table class="compact"><tbody>${body}</tbody></table>`;
}

function section(id: string, title: string, content: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${content}</section>`;
}

function charts(report: YearReport): string {
  const byProject = barChart({
    title: '结业人数按项目',
    unit: '人',
    bars: report.byProject.map(({ key, figures }) => ({
      label: PROJECT_LABELS[key],
      value: figures.completed,
    })),
  });
  const byCity = barChart({
    title: '结业人数按城市',
    unit: '人',
    bars: report.byCity.map(({ key, figures }) => ({ label: key, value: figures.completed })),
  });
  const bases = barChart({
    title: '基地培训人数与最低要求',
    unit: '人',
    bars: report.bases.map((base) => ({
      label: base.name,
      value: base.trained,
      marker: base.minimum,
      warn: !base.meetsMinimum,
    })),
  });
  return [
    `<figure>${byProject}</figure>`,
    `<figure>${byCity}</figure>`,
    `<figure>${bases}<figcaption>虚线为最低培训人数要求；红色为未达标的基地。</figcaption></figure>`,
  ].join('');
}

function flagList(report: YearReport): string {
  if (report.flags.length === 0) return '<p class="empty">无需关注事项。</p>';
  const items = report.flags.map(
    (flag) =>
      `<li><span class="flag-kind">${escapeHtml(FLAG_LABELS[flag.kind])}</span> ` +
      `${escapeHtml(flag.subjectName)}（${flag.subjectType === 'base' ? '基地' : '计划'}）：` +
      `${escapeHtml(flag.detail)}</li>`,
  );
  return `<ul class="flags">${items.join('')}</ul>`;
}

export function reportHtml(report: YearReport, targets: SeminarTargets = seminarTargets()): string {
  const title = reportTitle(report.year);
  const tables = new Map(reportTables(report).map((entry) => [entry.id, entry]));
  const get = (id: string): ReportTable => {
    const entry = tables.get(id);
    if (!entry) throw new Error(`No report table ${id}`);
    return entry;
  };
  const change = get('change');
  const detail = ['projects', 'categories', 'cities', 'departments'].map((id) =>
    section(id, get(id).title, table(get(id))),
  );
  const bases = get('bases');
  const plans = get('plans');
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Defence in depth: should escaping ever miss, the page still may run nothing and fetch nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">生成时间：${escapeHtml(beijingDateTime(report.generatedAt))} · 统计范围：${escapeHtml(scopeLabel(report))}${freshnessNote(report)}</p></header>`,
    section('totals', '总计', verticalTable(get('totals'))),
    seminarTargetSection(report, targets),
    section(
      'change',
      change.title,
      change.rows.length === 0 ? '<p class="empty">无上年数据。</p>' : verticalTable(change),
    ),
    section('charts', '图表', charts(report)),
    ...detail,
    section(
      'bases',
      bases.title,
      table(bases, (index) => report.bases[index]?.meetsMinimum === false),
    ),
    section(
      'plans',
      plans.title,
      table(plans, (index) => report.plans[index]?.overCap === true),
    ),
    section('flags', '需关注事项', flagList(report)),
    '</body></html>',
  ].join('\n');
}
