/**
 * Horizontal bar charts as inline SVG: no script and no library, so the report page stays one
 * self-contained file that prints. Horizontal because the labels are long Chinese names.
 */

/** Names come from user input; every text placed in markup goes through this. */

import { escapeHtml } from '#shared/render/escape-html';
export const BAR_COLOUR = '#2f6db5';
export const WARN_COLOUR = '#c0392b';
export const MARKER_COLOUR = '#222222';

export interface Bar {
  label: string;
  value: number;
  /** A target drawn as a vertical line across the bar's row (a base's minimum). */
  marker?: number;
  /** Drawn in the warning colour (a base below its minimum). */
  warn?: boolean;
}

export interface BarChart {
  title: string;
  bars: readonly Bar[];
  /** Shown after the title, e.g. 人. */
  unit: string;
}

// viewBox units; the page scales the whole drawing to its width.
const WIDTH = 800;
const LABEL_WIDTH = 210;
const BAR_X = LABEL_WIDTH + 10;
const VALUE_ROOM = 150;
const BAR_ROOM = WIDTH - BAR_X - VALUE_ROOM;
const TITLE_HEIGHT = 36;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 16;
const BOTTOM = 10;
const EMPTY_HEIGHT = 60;
const LABEL_CHARS = 15;

const number = (value: number) => String(Math.round(value * 100) / 100);

/** Long names are cut to fit the label column; the full name stays in the row's tooltip. */
function shortLabel(label: string): string {
  const characters = [...label];
  return characters.length > LABEL_CHARS ? `${characters.slice(0, LABEL_CHARS - 1).join('')}…` : label;
}

function row(bar: Bar, index: number, scale: number): string {
  const top = TITLE_HEIGHT + index * ROW_HEIGHT;
  const middle = top + ROW_HEIGHT / 2;
  const value = Math.max(0, bar.value);
  // A non-zero value gets at least a sliver, so it never reads as zero.
  const width = value > 0 ? Math.max(1, value * scale) : 0;
  const parts = [
    `<title>${escapeHtml(bar.label)}：${number(bar.value)}${bar.marker === undefined ? '' : ` / ${number(bar.marker)}`}</title>`,
    `<text x="${LABEL_WIDTH}" y="${middle}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shortLabel(bar.label))}</text>`,
    `<rect x="${BAR_X}" y="${middle - BAR_HEIGHT / 2}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${bar.warn ? WARN_COLOUR : BAR_COLOUR}"/>`,
  ];
  let end = BAR_X + width;
  let valueText = number(bar.value);
  if (bar.marker !== undefined) {
    const x = BAR_X + Math.max(0, bar.marker) * scale;
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top + 2}" x2="${x.toFixed(1)}" y2="${top + ROW_HEIGHT - 2}" stroke="${MARKER_COLOUR}" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    end = Math.max(end, x);
    valueText += ` / 最低 ${number(bar.marker)}`;
  }
  parts.push(
    `<text x="${(end + 6).toFixed(1)}" y="${middle}" dominant-baseline="middle"${bar.warn ? ` fill="${WARN_COLOUR}"` : ''}>${escapeHtml(valueText)}</text>`,
  );
  return `<g>${parts.join('')}</g>`;
}

export function barChart({ title, bars, unit }: BarChart): string {
  const heading = `${title}（${unit}）`;
  const height = bars.length === 0 ? EMPTY_HEIGHT + BOTTOM : TITLE_HEIGHT + bars.length * ROW_HEIGHT + BOTTOM;
  const top =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" ` +
    `aria-label="${escapeHtml(heading)}" font-family="sans-serif" font-size="13">` +
    `<title>${escapeHtml(heading)}</title>` +
    `<text x="0" y="20" font-size="16" font-weight="bold">${escapeHtml(heading)}</text>`;
  if (bars.length === 0) {
    return `${top}<text x="${WIDTH / 2}" y="${TITLE_HEIGHT + 12}" text-anchor="middle" fill="#666666">无数据</text></svg>`;
  }
  const maximum = Math.max(0, ...bars.map((bar) => Math.max(bar.value, bar.marker ?? 0)));
  // All zeros: every bar is empty rather than a division by zero.
  const scale = maximum > 0 ? BAR_ROOM / maximum : 0;
  return `${top}${bars.map((bar, index) => row(bar, index, scale)).join('')}</svg>`;
}
