/**
 * The CSV writer both exports share (csv-stringify under the house rules), and the two exports
 * byte for byte as the house writers wrote them before the switch, for a sample that holds every
 * hard case: quotes, commas, every kind of line break, Chinese, emoji, formula-like text, empty
 * cells, negative and fractional numbers.
 */
import { describe, expect, it } from 'vitest';
import { csvFile, neutralizeFormula } from '#shared/csv';
import type { Figures, YearReport } from '#shared/domain/reports/schemas';
import type { RosterRow } from '#shared/domain/rosters/roster';
import { reportCsv } from '#shared/reports/csv';
import { toCsv } from '#shared/rosters/csv';

const TRICKY = [
  '张"三"',
  '广西大学,南宁',
  '第一行\n第二行',
  '回车\r换行\r\n都有',
  '"',
  '=HYPERLINK("http://evil.example","点我")',
  '+86 771 1234567',
  '-3+4',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  ' 前后空格 ',
  '',
  '桂林😀',
  "'已有引号",
  '南宁-柳州 a=b',
] as const;

const tricky = (index: number) => TRICKY[index % TRICKY.length] ?? '';

const rosterSample: RosterRow[] = TRICKY.map((_, index) => ({
  number: index + 1,
  name: tricky(index),
  idNumberMasked: '4501**********0012',
  employer: tricky(index + 1),
  sessionTitle: tricky(index + 2),
  hours: index % 3 === 0 ? 0 : 24.5,
  daysPresent: index % 4,
  result: index % 2 === 0 ? '合格' : '未考核',
  score: index % 3 === 0 ? undefined : index === 1 ? -0 : 59.75,
}));

function figures(seed: number): Figures {
  return {
    plans: seed,
    plannedSessions: 2,
    sessionsHeld: 2,
    sessionsCreated: 3,
    plannedTrainees: 100,
    confirmed: 90,
    completed: 80 - seed,
    failed: 5,
    creditHours: 1920.5 + seed / 3,
    certificatesIssued: 80,
    certificatesRevoked: 1,
    subsidyCapFen: 5_000_000,
    spentFen: 12_345 * seed - 1,
    reimbursableFen: -5,
  };
}

const reportSample: YearReport = {
  year: 2026,
  generatedAt: '2027-01-05T01:00:00.000Z',
  scope: '=dept"1",x',
  totals: figures(2),
  byProject: [{ key: 'seminar', figures: figures(1) }],
  byCategory: [{ key: 'digital', figures: figures(3) }],
  byCity: TRICKY.slice(0, 6).map((key, index) => ({ key, figures: figures(index) })),
  byDepartment: [{ key: tricky(9), figures: figures(4) }],
  bases: TRICKY.map((name, index) => ({
    orgId: `org_base_${index}`,
    name,
    city: tricky(index + 3),
    level: index % 2 === 0 ? 'national' : 'regional',
    status: index % 2 === 0 ? 'active' : 'warned',
    trained: 600 * index,
    minimum: 1000,
    meetsMinimum: index > 1,
    annualReportFiled: index !== 2,
    lateDays: index === 2 ? null : index,
  })),
  plans: TRICKY.map((title, index) => ({
    planId: `plan_${index}`,
    title,
    project: 'capability',
    category: 'public-elective',
    hostOrgId: `org_host_${index}`,
    ...(index % 2 === 0 ? { departmentId: 'dept_hr' } : {}),
    plannedSessions: 3,
    sessionsHeld: index % 4,
    sessionsCreated: 3,
    plannedTrainees: 90,
    trained: 80,
    subsidyCapFen: 1_000_000,
    spentFen: 1_234_567 - index * 100_001,
    overCap: index % 2 === 1,
  })),
  flags: TRICKY.map((subjectName, index) => ({
    kind: 'plan-over-cap',
    subjectType: 'plan',
    subjectId: `plan_${index}`,
    subjectName,
    detail: tricky(index + 5),
  })),
  changeFromLastYear: {
    previousYear: 2025,
    completed: -30,
    creditHours: -12.345,
    sessionsHeld: 0,
    spentFen: -1250,
  },
};

describe('csvFile', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF, an empty record a blank line', () => {
    const csv = csvFile([['a', 'b'], [], ['c']]);
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toBe('\uFEFFa,b\r\n\r\nc\r\n');
  });

  it('quotes a cell with a comma, a quote, or any line break (a lone CR or LF too), doubling quotes', () => {
    expect(csvFile([['a,b', 'say "hi"', 'x\ny', 'x\ry', 'x\r\ny', 'plain 中文']])).toBe(
      '\uFEFF"a,b","say ""hi""","x\ny","x\ry","x\r\ny",plain 中文\r\n',
    );
  });

  it('neutralizes formula-like text, but never a number or a figure of ours', () => {
    expect(csvFile([['=1+1', '-3', '@x', -3, { figure: '-12.50' }, null, '']])).toBe(
      "\uFEFF'=1+1,'-3,'@x,-3,-12.50,,\r\n",
    );
  });

  it('writes a number as JavaScript prints it', () => {
    expect(csvFile([[0, -0, 24.5, 1e21, Number.NaN]])).toBe('\uFEFF0,0,24.5,1e+21,NaN\r\n');
  });
});

describe('neutralizeFormula', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['a=b', 'a=b'],
    ['南宁-柳州', '南宁-柳州'],
    ['', ''],
  ])('%j -> %j', (text, neutralized) => {
    expect(neutralizeFormula(text)).toBe(neutralized);
  });
});

/** The records of a file, each ended by CRLF (line breaks inside quoted cells are part of the cell). */
const crlfRecords = (records: readonly string[]) => records.map((record) => `${record}\r\n`).join('');

describe('the exports, byte for byte as the house writers wrote them', () => {
  it('roster CSV', () => {
    expect(toCsv(rosterSample)).toBe(ROSTER_BEFORE);
  });

  it('year report CSV', () => {
    expect(reportCsv(reportSample)).toBe(REPORT_BEFORE);
  });
});

// Written by the house writers (toCsv in shared/domain/rosters/roster.ts and shared/reports/csv.ts
// reportCsv as of 9a83be9) from the samples above; the report's since with names beside ids
// (name columns first, ids after them) and money with thousands separators.
const ROSTER_BEFORE = crlfRecords([
  '\uFEFF序号,姓名,身份证号,工作单位,培训班次,学时,出勤天数,考核结果,成绩',
  '1,"张""三""",4501**********0012,"广西大学,南宁","第一行\n第二行",0,0,合格,',
  '2,"广西大学,南宁",4501**********0012,"第一行\n第二行","回车\r换行\r\n都有",24.5,1,未考核,0',
  '3,"第一行\n第二行",4501**********0012,"回车\r换行\r\n都有","""",24.5,2,合格,59.75',
  '4,"回车\r换行\r\n都有",4501**********0012,"""","\'=HYPERLINK(""http://evil.example"",""点我"")",0,3,未考核,',
  '5,"""",4501**********0012,"\'=HYPERLINK(""http://evil.example"",""点我"")",\'+86 771 1234567,24.5,0,合格,59.75',
  '6,"\'=HYPERLINK(""http://evil.example"",""点我"")",4501**********0012,\'+86 771 1234567,\'-3+4,24.5,1,未考核,59.75',
  "7,'+86 771 1234567,4501**********0012,'-3+4,'@SUM(A1:A9),0,2,合格,",
  "8,'-3+4,4501**********0012,'@SUM(A1:A9),'\t=1+1,24.5,3,未考核,59.75",
  "9,'@SUM(A1:A9),4501**********0012,'\t=1+1,\"'\r=1+1\",24.5,0,合格,59.75",
  '10,\'\t=1+1,4501**********0012,"\'\r=1+1", 前后空格 ,0,1,未考核,',
  '11,"\'\r=1+1",4501**********0012, 前后空格 ,,24.5,2,合格,59.75',
  '12, 前后空格 ,4501**********0012,,桂林😀,24.5,3,未考核,59.75',
  "13,,4501**********0012,桂林😀,'已有引号,0,0,合格,",
  "14,桂林😀,4501**********0012,'已有引号,南宁-柳州 a=b,24.5,1,未考核,59.75",
  '15,\'已有引号,4501**********0012,南宁-柳州 a=b,"张""三""",24.5,2,合格,59.75',
  '16,南宁-柳州 a=b,4501**********0012,"张""三""","广西大学,南宁",0,3,未考核,',
]);

const REPORT_BEFORE = crlfRecords([
  '\uFEFF2026年度专业技术人才知识更新工程评估报告',
  '生成时间,2027-01-05 09:00（北京时间）',
  '统计范围,"主管部门 =dept""1"",x"',
  '',
  '总计',
  '统计范围,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
  '"主管部门 =dept""1"",x",2,2,3,2,100,90,78,5,1921.17,80,1,"50,000.00",246.89,-0.05',
  '',
  '与上年比较',
  '上年度,结业人数变化,学时变化,已举办班次变化,实际支出变化(元)',
  '2025,-30,-12.34,0,-12.50',
  '',
  '按项目',
  '项目,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
  '研修培训项目,1,2,3,2,100,90,79,5,1920.83,80,1,"50,000.00",123.44,-0.05',
  '',
  '按类别',
  '类别,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
  '数字技术,3,2,3,2,100,90,77,5,1921.5,80,1,"50,000.00",370.34,-0.05',
  '',
  '按城市',
  '城市,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
  '"张""三""",0,2,3,2,100,90,80,5,1920.5,80,1,"50,000.00",-0.01,-0.05',
  '"广西大学,南宁",1,2,3,2,100,90,79,5,1920.83,80,1,"50,000.00",123.44,-0.05',
  '"第一行\n第二行",2,2,3,2,100,90,78,5,1921.17,80,1,"50,000.00",246.89,-0.05',
  '"回车\r换行\r\n都有",3,2,3,2,100,90,77,5,1921.5,80,1,"50,000.00",370.34,-0.05',
  '"""",4,2,3,2,100,90,76,5,1921.83,80,1,"50,000.00",493.79,-0.05',
  '"\'=HYPERLINK(""http://evil.example"",""点我"")",5,2,3,2,100,90,75,5,1922.17,80,1,"50,000.00",617.24,-0.05',
  '',
  '按主管部门',
  '主管部门,计划数,计划班次,已创建班次,已举办班次,计划人数,报名确认,结业,未通过,学时,颁发证书,撤销证书,资助限额(元),实际支出(元),可报销(元)',
  '\'\t=1+1,4,2,3,2,100,90,76,5,1921.83,80,1,"50,000.00",493.79,-0.05',
  '',
  '继续教育基地',
  '基地名称,机构编号,城市,级别,状态,培训人数,最低要求,是否达标,年度总结,逾期天数,年度总结审核状态',
  '"张""三""",org_base_0,"回车\r换行\r\n都有",国家级,正常,0,1000,未达标,已提交,0,',
  '"广西大学,南宁",org_base_1,"""",自治区级,已警示,600,1000,未达标,已提交,1,',
  '"第一行\n第二行",org_base_2,"\'=HYPERLINK(""http://evil.example"",""点我"")",国家级,正常,1200,1000,达标,未提交,,',
  '"回车\r换行\r\n都有",org_base_3,\'+86 771 1234567,自治区级,已警示,1800,1000,达标,已提交,3,',
  '"""",org_base_4,\'-3+4,国家级,正常,2400,1000,达标,已提交,4,',
  '"\'=HYPERLINK(""http://evil.example"",""点我"")",org_base_5,\'@SUM(A1:A9),自治区级,已警示,3000,1000,达标,已提交,5,',
  "'+86 771 1234567,org_base_6,'\t=1+1,国家级,正常,3600,1000,达标,已提交,6,",
  '\'-3+4,org_base_7,"\'\r=1+1",自治区级,已警示,4200,1000,达标,已提交,7,',
  "'@SUM(A1:A9),org_base_8, 前后空格 ,国家级,正常,4800,1000,达标,已提交,8,",
  "'\t=1+1,org_base_9,,自治区级,已警示,5400,1000,达标,已提交,9,",
  '"\'\r=1+1",org_base_10,桂林😀,国家级,正常,6000,1000,达标,已提交,10,',
  " 前后空格 ,org_base_11,'已有引号,自治区级,已警示,6600,1000,达标,已提交,11,",
  ',org_base_12,南宁-柳州 a=b,国家级,正常,7200,1000,达标,已提交,12,',
  '桂林😀,org_base_13,"张""三""",自治区级,已警示,7800,1000,达标,已提交,13,',
  '\'已有引号,org_base_14,"广西大学,南宁",国家级,正常,8400,1000,达标,已提交,14,',
  '南宁-柳州 a=b,org_base_15,"第一行\n第二行",自治区级,已警示,9000,1000,达标,已提交,15,',
  '',
  '年度计划',
  '计划名称,计划编号,项目,类别,承办单位,承办单位编号,主管部门,主管部门编号,计划班次,已创建班次,已举办班次,计划人数,结业,资助限额(元),实际支出(元),是否超支',
  '"张""三""",plan_0,专业技术人员能力提升项目,公需科目（选修）,org_host_0,org_host_0,dept_hr,dept_hr,3,3,0,90,80,"10,000.00","12,345.67",否',
  '"广西大学,南宁",plan_1,专业技术人员能力提升项目,公需科目（选修）,org_host_1,org_host_1,无主管部门,,3,3,1,90,80,"10,000.00","11,345.66",超支',
  '"第一行\n第二行",plan_2,专业技术人员能力提升项目,公需科目（选修）,org_host_2,org_host_2,dept_hr,dept_hr,3,3,2,90,80,"10,000.00","10,345.65",否',
  '"回车\r换行\r\n都有",plan_3,专业技术人员能力提升项目,公需科目（选修）,org_host_3,org_host_3,无主管部门,,3,3,3,90,80,"10,000.00","9,345.64",超支',
  '"""",plan_4,专业技术人员能力提升项目,公需科目（选修）,org_host_4,org_host_4,dept_hr,dept_hr,3,3,0,90,80,"10,000.00","8,345.63",否',
  '"\'=HYPERLINK(""http://evil.example"",""点我"")",plan_5,专业技术人员能力提升项目,公需科目（选修）,org_host_5,org_host_5,无主管部门,,3,3,1,90,80,"10,000.00","7,345.62",超支',
  '\'+86 771 1234567,plan_6,专业技术人员能力提升项目,公需科目（选修）,org_host_6,org_host_6,dept_hr,dept_hr,3,3,2,90,80,"10,000.00","6,345.61",否',
  '\'-3+4,plan_7,专业技术人员能力提升项目,公需科目（选修）,org_host_7,org_host_7,无主管部门,,3,3,3,90,80,"10,000.00","5,345.60",超支',
  '\'@SUM(A1:A9),plan_8,专业技术人员能力提升项目,公需科目（选修）,org_host_8,org_host_8,dept_hr,dept_hr,3,3,0,90,80,"10,000.00","4,345.59",否',
  '\'\t=1+1,plan_9,专业技术人员能力提升项目,公需科目（选修）,org_host_9,org_host_9,无主管部门,,3,3,1,90,80,"10,000.00","3,345.58",超支',
  '"\'\r=1+1",plan_10,专业技术人员能力提升项目,公需科目（选修）,org_host_10,org_host_10,dept_hr,dept_hr,3,3,2,90,80,"10,000.00","2,345.57",否',
  ' 前后空格 ,plan_11,专业技术人员能力提升项目,公需科目（选修）,org_host_11,org_host_11,无主管部门,,3,3,3,90,80,"10,000.00","1,345.56",超支',
  ',plan_12,专业技术人员能力提升项目,公需科目（选修）,org_host_12,org_host_12,dept_hr,dept_hr,3,3,0,90,80,"10,000.00",345.55,否',
  '桂林😀,plan_13,专业技术人员能力提升项目,公需科目（选修）,org_host_13,org_host_13,无主管部门,,3,3,1,90,80,"10,000.00",-654.46,超支',
  '\'已有引号,plan_14,专业技术人员能力提升项目,公需科目（选修）,org_host_14,org_host_14,dept_hr,dept_hr,3,3,2,90,80,"10,000.00","-1,654.47",否',
  '南宁-柳州 a=b,plan_15,专业技术人员能力提升项目,公需科目（选修）,org_host_15,org_host_15,无主管部门,,3,3,3,90,80,"10,000.00","-2,654.48",超支',
  '',
  '需关注事项',
  '事项,对象,对象名称,对象编号,说明',
  '支出超出资助限额,计划,"张""三""",plan_0,"\'=HYPERLINK(""http://evil.example"",""点我"")"',
  '支出超出资助限额,计划,"广西大学,南宁",plan_1,\'+86 771 1234567',
  '支出超出资助限额,计划,"第一行\n第二行",plan_2,\'-3+4',
  '支出超出资助限额,计划,"回车\r换行\r\n都有",plan_3,\'@SUM(A1:A9)',
  '支出超出资助限额,计划,"""",plan_4,\'\t=1+1',
  '支出超出资助限额,计划,"\'=HYPERLINK(""http://evil.example"",""点我"")",plan_5,"\'\r=1+1"',
  "支出超出资助限额,计划,'+86 771 1234567,plan_6, 前后空格 ",
  "支出超出资助限额,计划,'-3+4,plan_7,",
  "支出超出资助限额,计划,'@SUM(A1:A9),plan_8,桂林😀",
  "支出超出资助限额,计划,'\t=1+1,plan_9,'已有引号",
  '支出超出资助限额,计划,"\'\r=1+1",plan_10,南宁-柳州 a=b',
  '支出超出资助限额,计划, 前后空格 ,plan_11,"张""三"""',
  '支出超出资助限额,计划,,plan_12,"广西大学,南宁"',
  '支出超出资助限额,计划,桂林😀,plan_13,"第一行\n第二行"',
  '支出超出资助限额,计划,\'已有引号,plan_14,"回车\r换行\r\n都有"',
  '支出超出资助限额,计划,南宁-柳州 a=b,plan_15,""""',
]);
