import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Figures, YearReport } from '#shared/domain/reports/schemas';
import { formatYuan } from '#shared/i18n/numbers';
import { reportCsv } from '#shared/reports/csv';
import { reportHtml } from '#shared/reports/html';
import { BAR_COLOUR, barChart, WARN_COLOUR } from '#shared/reports/svg';
import { reportXlsx } from '#shared/reports/xlsx';

const SCRIPT_NAME = '<script>alert(1)</script>';
const COMMA_TITLE = '人工智能应用高级研修班,第一期';
const FORMULA_TITLE = '=HYPERLINK("http://evil.example","点击")';

function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    plans: 1,
    plannedSessions: 2,
    sessionsHeld: 2,
    sessionsCreated: 3,
    plannedTrainees: 100,
    confirmed: 90,
    completed: 80,
    failed: 5,
    creditHours: 1920.5,
    certificatesIssued: 80,
    certificatesRevoked: 1,
    subsidyCapFen: 5_000_000,
    spentFen: 12_345,
    reimbursableFen: 12_000,
    ...overrides,
  };
}

const report: YearReport = {
  year: 2026,
  generatedAt: '2027-01-05T01:00:00.000Z',
  scope: 'all',
  totals: figures({ plans: 2, completed: 230, spentFen: 12_345 }),
  byProject: [
    { key: 'seminar', figures: figures({ completed: 150 }) },
    { key: 'digital-engineer', figures: figures({ completed: 80 }) },
  ],
  byCategory: [
    { key: 'advanced', figures: figures({ completed: 150 }) },
    { key: 'digital', figures: figures({ completed: 80 }) },
  ],
  byCity: [
    { key: '南宁市', figures: figures({ completed: 120 }) },
    { key: '柳州市', figures: figures({ completed: 70 }) },
    { key: '桂林市', figures: figures({ completed: 40 }) },
  ],
  byDepartment: [
    { key: 'none', name: '无主管部门', figures: figures({ completed: 80 }) },
    { key: 'dept_hr', name: '自治区人力资源和社会保障厅', figures: figures({ completed: 150 }) },
  ],
  bases: [
    {
      orgId: 'org_base_nn',
      name: SCRIPT_NAME,
      city: '南宁市',
      level: 'national',
      status: 'active',
      trained: 2400,
      minimum: 2000,
      meetsMinimum: true,
      annualReportFiled: true,
      lateDays: 0,
    },
    {
      orgId: 'org_base_lz',
      name: '柳州市继续教育基地',
      city: '柳州市',
      level: 'regional',
      status: 'warned',
      trained: 600,
      minimum: 1000,
      meetsMinimum: false,
      annualReportFiled: true,
      lateDays: 12,
      annualReportStatus: 'returned',
    },
  ],
  plans: [
    {
      planId: 'plan_ai',
      title: COMMA_TITLE,
      project: 'seminar',
      category: 'advanced',
      hostOrgId: 'org_host_1',
      hostName: '广西大学',
      departmentId: 'dept_hr',
      departmentName: '自治区人力资源和社会保障厅',
      plannedSessions: 2,
      sessionsHeld: 2,
      sessionsCreated: 2,
      plannedTrainees: 100,
      trained: 150,
      subsidyCapFen: 5_000_000,
      spentFen: 4_000_000,
      overCap: false,
    },
    {
      planId: 'plan_dig',
      title: FORMULA_TITLE,
      project: 'digital-engineer',
      category: 'digital',
      hostOrgId: 'org_host_2',
      hostName: '桂林电子科技大学',
      plannedSessions: 3,
      sessionsHeld: 1,
      sessionsCreated: 3,
      plannedTrainees: 90,
      trained: 80,
      subsidyCapFen: 1_000_000,
      spentFen: 1_234_567,
      overCap: true,
    },
  ],
  flags: [
    {
      kind: 'base-below-minimum',
      subjectType: 'base',
      subjectId: 'org_base_lz',
      subjectName: '柳州市继续教育基地',
      detail: '培训 600 人，低于最低要求 1,000 人',
      measures: { trained: 600, minimum: 1000 },
    },
    {
      kind: 'plan-over-cap',
      subjectType: 'plan',
      subjectId: 'plan_dig',
      subjectName: FORMULA_TITLE,
      detail: '支出 12,345.67 元，超出限额 10,000.00 元',
      measures: { spentFen: 1_234_567, subsidyCapFen: 1_000_000 },
    },
  ],
  changeFromLastYear: {
    previousYear: 2025,
    completed: 30,
    creditHours: -12.5,
    sessionsHeld: 1,
    spentFen: -1250,
  },
};

const emptyReport: YearReport = {
  ...report,
  totals: figures({ plans: 0, completed: 0, spentFen: 0 }),
  byProject: [],
  byCategory: [],
  byCity: [],
  byDepartment: [],
  bases: [],
  plans: [],
  flags: [],
  changeFromLastYear: null,
};

/** The CSV's lines after a section title, up to the blank line that ends the section. */
function csvSection(csv: string, title: string): string[] {
  const lines = csv.split('\r\n');
  const start = lines.indexOf(title);
  expect(start, `section ${title}`).toBeGreaterThan(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

function svgs(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((match) => match[0]);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('formatYuan', () => {
  it('shows fen as yuan with two decimals, exactly', () => {
    expect(formatYuan(12_345)).toBe('123.45');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-1250)).toBe('-12.50');
    expect(formatYuan(100_000_000_00)).toBe('100,000,000.00');
    expect(formatYuan(21_000_000)).toBe('210,000.00');
    expect(formatYuan(-123_456_789)).toBe('-1,234,567.89');
    expect(formatYuan(99_999)).toBe('999.99');
  });
});

describe('reportCsv', () => {
  const csv = reportCsv(report);

  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('has a title line for every section, each after a blank line', () => {
    const lines = csv.split('\r\n');
    for (const title of [
      '总计',
      '按项目',
      '按类别',
      '按城市',
      '按主管部门',
      '继续教育基地',
      '年度计划',
      '需关注事项',
    ]) {
      const at = lines.indexOf(title);
      expect(at, title).toBeGreaterThan(0);
      expect(lines[at - 1], title).toBe('');
    }
    expect(lines[0]).toBe('\uFEFF2026年度专业技术人才知识更新工程评估报告');
  });

  it('writes a row of figures with money in yuan', () => {
    const [header, seminar] = csvSection(csv, '按项目');
    expect(header).toBe(
      '项目,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
    );
    expect(seminar).toBe('研修培训项目,1,2,3,2,100,90,150,5,1920.5,80,1,"50,000.00",123.45,120.00');
    expect(csvSection(csv, '总计')[1]).toBe(
      '全区,2,2,3,2,100,90,230,5,1920.5,80,1,"50,000.00",123.45,120.00',
    );
  });

  it('keeps a negative change a number, not a neutralized text', () => {
    expect(csvSection(csv, '与上年比较')[1]).toBe('2025,30,-12.5,1,-12.50');
  });

  it('quotes a name with a comma and neutralizes a formula', () => {
    const plans = csvSection(csv, '年度计划');
    expect(plans[1]).toContain(`"${COMMA_TITLE}",`);
    expect(plans[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")",`);
    expect(plans[2]).toContain(',"10,000.00","12,345.67",超支');
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('lists the bases with level, result and days late', () => {
    const bases = csvSection(csv, '继续教育基地');
    expect(bases[2]).toBe(
      '柳州市继续教育基地,org_base_lz,柳州市,自治区级,已警示,600,1000,未达标,已提交,12,已退回修改',
    );
  });

  it('names hosts and departments beside their ids, 无主管部门 for a plan without one', () => {
    const [header, first, second] = csvSection(csv, '年度计划');
    expect(header).toMatch(/^计划名称,计划编号,项目,类别,承办单位,承办单位编号,主管部门,主管部门编号,/);
    expect(first).toContain(',广西大学,org_host_1,自治区人力资源和社会保障厅,dept_hr,');
    expect(second).toContain(',桂林电子科技大学,org_host_2,无主管部门,,');
    expect(csvSection(csv, '按主管部门').map((line) => line.split(',')[0])).toEqual([
      '主管部门',
      '无主管部门',
      '自治区人力资源和社会保障厅',
    ]);
  });

  it('gives each flag its Chinese label and detail, amounts in yuan with separators', () => {
    const [, , overCap] = csvSection(csv, '需关注事项');
    expect(overCap).toContain('支出超出资助限额,计划,');
    expect(overCap).toContain(',plan_dig,"支出 12,345.67 元，超出限额 10,000.00 元"');
  });

  it("names a department's cut of the report by the department", () => {
    const cut = reportCsv({ ...report, scope: 'dept_hr' });
    expect(cut.split('\r\n')[2]).toBe('统计范围,主管部门 自治区人力资源和社会保障厅');
  });
});

describe('the counters’ freshness', () => {
  it('is stated in the CSV and on the page, in Beijing time, when the report knows it', () => {
    const fresh = { ...report, countsAppliedThrough: '2026-12-31T17:59:00.000Z' };
    expect(reportCsv(fresh)).toContain(
      '计数截至,2027-01-01 01:59（北京时间），此前的报名、取消与成绩均已计入',
    );
    expect(reportHtml(fresh)).toContain(
      '计数截至：2027-01-01 01:59（北京时间），此前的报名、取消与成绩均已计入',
    );
    const none = { ...report, countsAppliedThrough: null };
    expect(reportCsv(none)).toContain('计数截至,尚无报名变更计入');
    // A report compiled before the counters followed the stream says nothing of it.
    const { countsAppliedThrough: _, ...before } = fresh;
    expect(reportCsv(before)).not.toContain('计数截至');
    expect(reportHtml(before)).not.toContain('计数截至');
  });
});

describe('reportXlsx', () => {
  async function load(value: YearReport): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    // exceljs's typings declare their own `Buffer` (an ArrayBuffer); at run time it takes Node's.
    await workbook.xlsx.load((await reportXlsx(value)) as unknown as ArrayBuffer);
    return workbook;
  }

  it('has one sheet per section with Chinese names', async () => {
    const workbook = await load(report);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '总计',
      '与上年比较',
      '按项目',
      '按类别',
      '按城市',
      '按主管部门',
      '继续教育基地',
      '年度计划',
      '需关注事项',
    ]);
  });

  it('has a bold, frozen header row and numbers as numbers', async () => {
    const sheet = (await load(report)).getWorksheet('按城市');
    if (!sheet) throw new Error('no sheet 按城市');
    const header = sheet.getRow(1);
    expect(header.getCell(1).value).toBe('城市');
    expect(header.getCell(8).value).toBe('结业');
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(3).getCell(1).value).toBe('柳州市');
    expect(sheet.getRow(3).getCell(8).value).toBe(70);
  });

  it('lists each plan with its sessions planned, created and held', async () => {
    const sheet = (await load(report)).getWorksheet('年度计划');
    if (!sheet) throw new Error('no sheet 年度计划');
    const cells = (row: number) => [9, 10, 11].map((column) => sheet.getRow(row).getCell(column).value);
    expect(cells(1)).toEqual(['计划班次', '已创建班次', '已举办班次']);
    expect(cells(3)).toEqual([3, 3, 1]);
  });

  it('writes money as yuan, a number shown with thousands separators', async () => {
    const sheet = (await load(report)).getWorksheet('年度计划');
    if (!sheet) throw new Error('no sheet 年度计划');
    expect(sheet.getRow(1).getCell(15).value).toBe('实际支出(元)');
    const spent = sheet.getRow(3).getCell(15);
    expect(spent.value).toBe(12_345.67);
    expect(spent.numFmt).toBe('#,##0.00');
    // Cells are typed, so the formula-like title stays text, exactly as typed.
    expect(sheet.getRow(3).getCell(1).value).toBe(FORMULA_TITLE);
  });

  it('names the host and the department of each plan', async () => {
    const sheet = (await load(report)).getWorksheet('年度计划');
    if (!sheet) throw new Error('no sheet 年度计划');
    const names = (row: number) => [5, 7].map((column) => sheet.getRow(row).getCell(column).value);
    expect(names(1)).toEqual(['承办单位', '主管部门']);
    expect(names(2)).toEqual(['广西大学', '自治区人力资源和社会保障厅']);
    expect(names(3)).toEqual(['桂林电子科技大学', '无主管部门']);
  });

  it('writes an empty report as header-only sheets', async () => {
    const sheet = (await load(emptyReport)).getWorksheet('继续教育基地');
    expect(sheet?.rowCount).toBe(1);
  });
});

describe('reportHtml', () => {
  const html = reportHtml(report);

  it('is a Chinese page with the year title and generation time', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<h1>2026年度专业技术人才知识更新工程评估报告</h1>');
    expect(html).toContain('2027-01-05 09:00（北京时间）');
  });

  it('draws three charts as inline SVG', () => {
    expect(count(html, '<svg')).toBe(3);
    expect(svgs(html)).toHaveLength(3);
  });

  it('draws one bar per project with its value', () => {
    const chart = svgs(html).find((svg) => svg.includes('结业人数按项目'));
    expect(chart).toBeDefined();
    expect(count(chart ?? '', '<rect')).toBe(2);
    expect(chart).toContain('>研修培训项目</text>');
    expect(chart).toContain('>150</text>');
    expect(chart).toContain('>80</text>');
  });

  it('draws one bar per city', () => {
    const chart = svgs(html).find((svg) => svg.includes('结业人数按城市')) ?? '';
    expect(count(chart, '<rect')).toBe(3);
    expect(chart).toContain('>桂林市</text>');
  });

  it('marks the base below its minimum in the warning colour, with minimum lines', () => {
    const chart = svgs(html).find((svg) => svg.includes('基地培训人数与最低要求')) ?? '';
    const rects = chart.match(/<rect[^>]*>/g) ?? [];
    expect(rects).toHaveLength(2);
    expect(rects[0]).toContain(`fill="${BAR_COLOUR}"`);
    expect(rects[1]).toContain(`fill="${WARN_COLOUR}"`);
    expect(count(chart, '<line')).toBe(2);
    expect(chart).toContain('600 / 最低 1000');
  });

  it('escapes user text and carries no script', () => {
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain(SCRIPT_NAME);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
  });

  it('needs nothing from outside and prints well', () => {
    expect(html).toContain('@media print');
    expect(html).toMatch(/tr, th, td \{ break-inside: avoid/);
    expect(html).not.toMatch(/<link|<img|src=|url\(/i);
  });

  it('shows tables for the sections and the flags list', () => {
    expect(html).toContain('<h2>按类别</h2>');
    expect(html).toContain('<td class="name">高级研修</td>');
    expect(html).toContain('<tr class="warn"><td class="name">柳州市继续教育基地</td>');
    expect(html).toContain('<td class="num">12,345.67</td>');
    expect(html).toContain('<span class="flag-kind">基地培训人数未达标</span> 柳州市继续教育基地');
    expect(html).toContain('<td class="num">+30</td>');
    expect(html).toContain('<td class="num">-12.50</td>');
  });

  it('shows names, not ids: hosts, departments, bases and flagged subjects', () => {
    for (const name of ['广西大学', '桂林电子科技大学', '自治区人力资源和社会保障厅', '无主管部门']) {
      expect(html).toContain(`<td class="name">${name}</td>`);
    }
    for (const id of ['org_host_1', 'org_host_2', 'dept_hr', 'org_base_lz', 'plan_dig', 'plan_ai']) {
      expect(html).not.toContain(id);
    }
    expect(html).toContain('支出 12,345.67 元，超出限额 10,000.00 元');
    expect(html).toContain(`<td class="title">${COMMA_TITLE}</td>`);
  });

  it('renders an empty report with "无数据" charts', () => {
    const empty = reportHtml(emptyReport);
    const charts = svgs(empty);
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      expect(chart).toContain('无数据');
      expect(chart).not.toContain('<rect');
    }
    expect(empty).toContain('无上年数据');
  });
});

describe('barChart', () => {
  it('draws zero values without dividing by zero', () => {
    const svg = barChart({
      title: '测试',
      unit: '人',
      bars: [
        { label: '甲', value: 0 },
        { label: '乙', value: 0, marker: 0 },
      ],
    });
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
    expect(svg.match(/<rect[^>]*>/g)?.every((rect) => rect.includes('width="0.0"'))).toBe(true);
  });

  it('scales with a viewBox and keeps a long label whole in its tooltip', () => {
    const label = '广西壮族自治区某某市某某区专业技术人员继续教育基地';
    const svg = barChart({ title: '基地', unit: '人', bars: [{ label, value: 10 }] });
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 800 \d+"/);
    expect(svg).toContain(`<title>${label}：10</title>`);
    expect(svg).toContain('广西壮族自治区某某市某某区专…</text>');
  });
});
