/**
 * The report page's section on the 研修培训项目 against the notice's yearly target ("每年举办20期
 * 左右研修培训项目，培养培训1000名左右"): what the year held beside what it aims for, and the share.
 */
import type { YearReport } from '#shared/domain/reports/schemas';
import type { SeminarTargets } from '#shared/domain/reports/seminar-targets';
import { seminarFigures } from '#shared/domain/reports/trend';
import { formatCount } from '#shared/i18n/numbers';
import { escapeHtml } from '#shared/render/escape-html';

/** The share of the target reached, in whole percent ("15%"). */
const share = (value: number, target: number) => `${Math.round((value / target) * 100)}%`;

function row(what: string, value: number, target: number, unit: string): string {
  const cells = [`${formatCount(value)} ${unit}`, `${formatCount(target)} ${unit}左右`, share(value, target)];
  const warn = value < target ? ' class="warn"' : '';
  return `<tr${warn}><th scope="row">${what}</th>${cells.map((cell) => `<td class="num">${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

/** The section, id `seminars`; a department's cut counts its own plans against the region's target. */
export function seminarTargetSection(report: YearReport, targets: SeminarTargets): string {
  const held = seminarFigures(report);
  const head = ['指标', '本年度', '年度目标', '完成比例']
    .map((cell) => `<th scope="col">${cell}</th>`)
    .join('');
  const note =
    `年度目标：每年举办研修培训项目 ${formatCount(targets.sessions)} 期左右，` +
    `培养培训 ${formatCount(targets.trainees)} 名左右。` +
    (report.scope === 'all' ? '' : '此为全区目标，本表只计本主管部门的计划。');
  return [
    '<section id="seminars"><h2>研修培训项目年度目标</h2>',
    `<table class="compact"><thead><tr>${head}</tr></thead><tbody>`,
    row('举办期数', held.sessions, targets.sessions, '期'),
    row('培养培训人数', held.trainees, targets.trainees, '名'),
    `</tbody></table><p class="meta">${escapeHtml(note)}</p></section>`,
  ].join('');
}
