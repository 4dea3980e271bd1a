/**
 * The year report as people read it, over HTTP: organizations by name (无主管部门 for plans
 * without a department), flags in Chinese with amounts in yuan, and the HTML page's plan table
 * readable on a 1280 px screen in a real browser (Debian's Chromium, headless): titles wrap into
 * a few lines, not a character per line, and a table wider than the page scrolls in its own box;
 * the 研修培训项目 stands against the notice's yearly target.
 * The screenshot lands in test/artifacts/report/ (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { launchChromium } from '../support/chromium';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'report');
const SCREEN = { width: 1280, height: 800 };
const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));

const HOST_NAME = '广西壮族自治区专业技术人员继续教育中心南宁分中心';
const DEPARTMENT_NAME = '广西壮族自治区工业和信息化厅';
const TITLES = [
  '人工智能与大数据技术在智能制造领域的创新应用高级研修班（第一期）',
  '新一代信息技术赋能传统产业数字化转型急需紧缺人才培养培训班',
  '乡村振兴背景下农业科技人员专业技术能力提升岗位培训',
];

let system: LocalSystem;
let browser: Browser;
let admin: ApiClient;
let departmentId: string;
let hostId: string;
const planIds: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [system, browser] = await Promise.all([startLocalSystem(), launchChromium()]);
  const anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-report', 'admin', 'org_hrss');
  hostId = (await admin.post('/organizations', { name: HOST_NAME, kind: 'host', city: '南宁市' })).body.id;
  departmentId = (
    await admin.post('/organizations', { name: DEPARTMENT_NAME, kind: 'department', city: '南宁市' })
  ).body.id;
  const host = await anonymous.as('host-report', 'host', hostId);
  for (const [index, title] of TITLES.entries()) {
    const plan = await host.post('/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title,
      // The last plan has no co-organizing department.
      ...(index < TITLES.length - 1 ? { departmentId } : {}),
      plannedSessions: 2,
      plannedTrainees: 12_000,
      budget: { subsidyCapFen: 18_000_000, selfFundedFen: 0 },
    });
    if (plan.status !== 201) throw new Error(`Could not draft a plan: ${JSON.stringify(plan.body)}`);
    const id: string = plan.body.id;
    planIds.push(id);
    await host.post(`/plans/${id}/submit`);
    await admin.post(`/plans/${id}/review`, { decision: 'approve' });
    await admin.post(`/plans/${id}/publish`);
  }
  // The first plan spends beyond its cap: 210,000.00 yuan against 180,000.00.
  await host.post(`/plans/${planIds[0]}/expenses`, {
    amountFen: 21_000_000,
    description: '师资费',
    date: today,
  });
  // The counters follow the registrations by the stream: compiled once it has caught up.
  await admin.get('/local/streams/caught-up');
  const compiled = await admin.post(`/reports/${year}/compile`);
  if (compiled.status !== 200) throw new Error(`Could not compile: ${JSON.stringify(compiled.body)}`);
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the compiled report names organizations and speaks Chinese', () => {
  it('shows names beside ids in the JSON: plans, departments, 无主管部门', async () => {
    const report = (await admin.get(`/reports/${year}`)).body;
    expect(report.byDepartment).toEqual([
      expect.objectContaining({ key: 'none', name: '无主管部门' }),
      expect.objectContaining({ key: departmentId, name: DEPARTMENT_NAME }),
    ]);
    for (const plan of report.plans) expect(plan).toMatchObject({ hostOrgId: hostId, hostName: HOST_NAME });
    const first = report.plans.find((plan: { planId: string }) => plan.planId === planIds[0]);
    expect(first).toMatchObject({ departmentId, departmentName: DEPARTMENT_NAME });
  });

  it('explains each flag in Chinese, amounts in yuan, keeping the figures for machines', async () => {
    const report = (await admin.get(`/reports/${year}`)).body;
    const overCap = report.flags.find((flag: { kind: string }) => flag.kind === 'plan-over-cap');
    expect(overCap).toMatchObject({
      subjectId: planIds[0],
      detail: '支出 210,000.00 元，超出限额 180,000.00 元',
      measures: { spentFen: 21_000_000, subsidyCapFen: 18_000_000 },
    });
    const short = report.flags.find((flag: { kind: string }) => flag.kind === 'plan-sessions-short');
    expect(short.detail).toBe('计划 2 个班次，已举办 0 个');
  });

  it('prints names, Chinese labels and yuan with separators in the CSV', async () => {
    const csv = String((await admin.request('GET', `/reports/${year}/report.csv`)).body);
    expect(csv).toContain(`,${HOST_NAME},`);
    expect(csv).toContain(`\r\n${DEPARTMENT_NAME},`);
    expect(csv).toContain('\r\n无主管部门,');
    expect(csv).toContain('急需紧缺人才培养培训');
    expect(csv).toContain('"210,000.00"');
    expect(csv).toContain('"支出 210,000.00 元，超出限额 180,000.00 元"');
  });
});

/** What the page shows of its plan table, measured in the browser. */
interface Layout {
  viewportWidth: number;
  pageScrollWidth: number;
  container: { left: number; right: number; clientWidth: number; scrollWidth: number; overflowX: string };
  titleCells: { width: number; height: number; lineHeight: number }[];
  /** Right edges of the table's cells that lie beyond the viewport, outside a scroll box. */
  offScreen: number;
  headerCells: string[];
}

// A string: the tests are type-checked without the DOM library.
const MEASURE = `(() => {
  const section = document.querySelector('#plans');
  const container = section.querySelector('.scroll');
  const table = container.querySelector('table');
  const box = container.getBoundingClientRect();
  const style = getComputedStyle(container);
  const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
  const cells = [...table.querySelectorAll('th, td')];
  const offScreen = cells.filter((cell) => {
    const right = cell.getBoundingClientRect().right;
    return right > window.innerWidth + 0.5 && !(scrolls && box.right <= window.innerWidth + 0.5);
  }).length;
  return {
    viewportWidth: window.innerWidth,
    pageScrollWidth: document.documentElement.scrollWidth,
    container: {
      left: box.left,
      right: box.right,
      clientWidth: container.clientWidth,
      scrollWidth: container.scrollWidth,
      overflowX: style.overflowX,
    },
    // The text's own height: a cell is as tall as its row, whichever cell makes the row tall.
    titleCells: [...table.querySelectorAll('tbody td.title')].map((cell) => {
      const text = document.createRange();
      text.selectNodeContents(cell);
      return {
        width: cell.getBoundingClientRect().width,
        height: text.getBoundingClientRect().height,
        lineHeight: parseFloat(getComputedStyle(cell).lineHeight),
      };
    }),
    offScreen,
    headerCells: [...table.querySelectorAll('th')].map((cell) => cell.textContent),
  };
})()`;

describe('the HTML report at 1280 × 800', () => {
  let page: Page;
  let layout: Layout;

  beforeAll(async () => {
    const html = String((await admin.request('GET', `/reports/${year}/report.html`)).body);
    const context = await browser.newContext({
      viewport: SCREEN,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.locator('#plans').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'report-1280.png'), fullPage: true });
    await page.locator('#plans').screenshot({ path: join(ARTIFACTS, 'plans-table-1280.png') });
    layout = await page.evaluate<Layout>(MEASURE);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('names the columns of the plan table, hosts and departments by name, no ids', async () => {
    expect(layout.headerCells).toEqual(
      expect.arrayContaining(['计划名称', '承办单位', '主管部门', '实际支出(元)']),
    );
    expect(layout.headerCells).not.toContain('计划编号');
    const text = (await page.locator('#plans').textContent()) ?? '';
    expect(text).toContain(HOST_NAME);
    expect(text).toContain('无主管部门');
    expect(text).toContain('210,000.00');
    expect(text).not.toContain(hostId);
  });

  it('gives every title room: at least 180 px wide and at most 3 lines', () => {
    expect(layout.titleCells).toHaveLength(TITLES.length);
    for (const cell of layout.titleCells) {
      expect(cell.width).toBeGreaterThanOrEqual(180);
      expect(cell.height).toBeLessThanOrEqual(3 * cell.lineHeight + 1);
    }
  });

  it('keeps every column reachable: the page does not overflow, the table scrolls in its box', () => {
    expect(layout.pageScrollWidth).toBeLessThanOrEqual(layout.viewportWidth);
    expect(layout.container.right).toBeLessThanOrEqual(layout.viewportWidth);
    const fits = layout.container.scrollWidth <= layout.container.clientWidth;
    expect(fits || ['auto', 'scroll'].includes(layout.container.overflowX)).toBe(true);
    expect(layout.offScreen).toBe(0);
  });

  it("shows the year's 研修培训项目 against the notice's target of 20 sessions and 1,000 trainees", async () => {
    const seminars = page.locator('#seminars');
    await expect(seminars.isVisible()).resolves.toBe(true);
    const rows = await seminars.locator('tbody tr').allInnerTexts();
    // Three seminar plans, none held yet: nothing of the target reached.
    expect(rows.map((row) => row.split('\t').map((cell) => cell.trim()))).toEqual([
      ['举办期数', '0 期', '20 期左右', '0%'],
      ['培养培训人数', '0 名', '1,000 名左右', '0%'],
    ]);
    const box = await seminars.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(SCREEN.width);
  });

  it('keeps numbers on one line', async () => {
    const wrapped = await page.evaluate<number>(`(() => [...document.querySelectorAll('#plans td.num')]
      .filter((cell) => {
        const text = document.createRange();
        text.selectNodeContents(cell);
        return text.getClientRects().length > 1;
      }).length)()`);
    expect(wrapped).toBe(0);
  });
});
