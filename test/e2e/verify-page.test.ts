/**
 * The certificate verification page in a real browser (Debian's Chromium, headless, phone-sized):
 * a valid certificate shows valid, a tampered token invalid, a revoked one revoked, a typed-in
 * number its recorded status; also when the page comes from another origin than the API (CORS,
 * CSP connect-src). The QR code carries the compact token (at most 57 × 57 modules), which the
 * page verifies in the browser; links with the full token, from QR codes printed before, still
 * work. Screenshots land in test/artifacts/verify-page/ (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPageResponder } from '#infra/local/verify-page';
import { type CborValue, decode, encode, Tagged } from '#shared/cbor';
import { verificationLink } from '#shared/domain/certificates/certificate';
import { COMPACT_CLAIM } from '#shared/domain/certificates/compact-claims';
import { bytesToDecimal, decimalToBytes } from '#shared/signing/compact-token';
import { ApiClient } from '../support/api-client';
import { launchChromium } from '../support/chromium';
import { freePort } from '../support/free-port';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'verify-page');
const PHONE = { width: 375, height: 667 };
/** Where QR codes lead in the cloud: a CloudFront address, as long as they come. */
const CLOUD_ORIGIN = 'https://d1a2b3c4d5e6f7.cloudfront.net';
const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;
/** A session title as long as the schema allows: too long for the QR code's token. */
const LONG_TITLE = `广西壮族自治区${'数字经济与人工智能'.repeat(21)}`.slice(0, 200);

interface IssuedCertificate {
  number: string;
  token: string;
  compactToken: string;
  issuedOn: string;
  qrSvg: string;
}

let system: LocalSystem;
let browser: Browser;
let context: BrowserContext;
let otherOrigin: Server;
let otherOriginUrl: string;
let admin: ApiClient;
let number: string;
let token: string;
let compactToken: string;
let issuedOn: string;
let certificate: IssuedCertificate;
let longTitled: IssuedCertificate;
/** Everything the browser reported as an error: script errors, CSP violations, failed loads. */
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [system, browser] = await Promise.all([
    startLocalSystem({ env: { VERIFY_PAGE_ORIGIN: CLOUD_ORIGIN } }),
    launchChromium(),
  ]);
  context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });

  // The page served from a second origin, calling the API across origins.
  const port = await freePort();
  const responder = verifyPageResponder({ apiBase: system.baseUrl });
  otherOrigin = createServer(async (request, response) => {
    if (!(await responder(request, response))) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => otherOrigin.listen(port, '127.0.0.1', resolve));
  otherOriginUrl = `http://127.0.0.1:${port}`;

  // A completion certificate, issued as the host records a pass.
  const anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const { host, sessionId } = await publishedSession(anonymous, admin, {
    hostName: '广西人才培训中心',
    sessionTitle: '人工智能应用实务',
    creditHours: 12,
    heldToday: true,
  });
  const trainee = await traineeWithProfile(anonymous, 11, '张三');
  const registration = await trainee.post(`/sessions/${sessionId}/registrations`);
  await host.post(`/sessions/${sessionId}/results`, {
    results: [{ registrationId: registration.body.id, passed: true, score: 90 }],
  });
  const [mine] = (await trainee.get('/certificates?mine=true')).body.items;
  certificate = (await trainee.get(`/certificates/${mine.number}`)).body;
  ({ number, token, compactToken, issuedOn } = certificate);

  // A certificate of a session whose title is as long as allowed, for a three-character name.
  const long = await publishedSession(anonymous, admin, {
    hostName: '广西壮族自治区人力资源和社会保障厅专业技术人员继续教育基地',
    sessionTitle: LONG_TITLE,
    creditHours: 499.5,
    heldToday: true,
  });
  const third = await traineeWithProfile(anonymous, 12, '韦小宝');
  const thirdRegistration = await third.post(`/sessions/${long.sessionId}/registrations`);
  await long.host.post(`/sessions/${long.sessionId}/results`, {
    results: [{ registrationId: thirdRegistration.body.id, passed: true }],
  });
  const [thirds] = (await third.get('/certificates?mine=true')).body.items;
  longTitled = (await third.get(`/certificates/${thirds.number}`)).body;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (otherOrigin ? otherOrigin.close(resolve) : resolve(undefined)));
  await system?.stop();
});

/** Opens `url` in a fresh tab and waits until the page has reached a verdict. */
async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(`${url}: ${message.text()}`);
  });
  page.on('pageerror', (error) => browserErrors.push(`${url}: ${error.message}`));
  await page.goto(url);
  return page;
}

async function verdictOf(page: Page) {
  const result = page.locator('#result:not([hidden]):not([data-status="checking"])');
  await result.waitFor({ timeout: 10_000 });
  return {
    status: await result.getAttribute('data-status'),
    verdict: await result.locator('.verdict').textContent(),
    text: (await result.textContent()) ?? '',
  };
}

/** Nothing wider than the phone: no sideways scrolling. */
// A string: the tests are type-checked without the DOM library.
const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Modules on a side of a QR code drawn by `qrcode` with a margin of 2: its viewBox less the margins. */
const modulesOf = (svg: string) => Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]) - 4;

/** The compact token with the credit hours changed, under its original signature. */
function withMoreHours(compact: string): string {
  const [protectedBytes, unprotected, payload, signature] = (
    decode(decimalToBytes(compact) as Uint8Array) as Tagged
  ).value as CborValue[];
  const claims = new Map(decode(payload as Uint8Array) as Map<number, CborValue>);
  claims.set(COMPACT_CLAIM.halfHours, 240);
  return bytesToDecimal(
    encode(
      new Tagged(18, [
        protectedBytes as Uint8Array,
        unprotected as CborValue,
        encode(claims),
        signature as Uint8Array,
      ]),
    ),
  );
}

const beijingDay = (date: string) => {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
};

describe("the certificate's QR code", () => {
  it('carries the compact link in at most 57 × 57 modules (version 10) at error correction M', async () => {
    for (const issued of [certificate, longTitled]) {
      expect(issued.compactToken).toMatch(/^[1-9]\d+$/);
      expect(issued.qrSvg).toBe(await QRCode.toString(verificationLink(CLOUD_ORIGIN, issued), QR_OPTIONS));
      expect(verificationLink(CLOUD_ORIGIN, issued)).toBe(`${CLOUD_ORIGIN}/verify#c=${issued.compactToken}`);
      expect(modulesOf(issued.qrSvg)).toBeLessThanOrEqual(57);
    }
    // The full token made a code too dense to scan from paper.
    const before = await QRCode.toString(verificationLink(CLOUD_ORIGIN, { token }), QR_OPTIONS);
    expect(modulesOf(before)).toBeGreaterThan(57);
  });

  it('is checked by the API in its compact form as in its full form', async () => {
    const anonymous = new ApiClient(system.baseUrl);
    const compact = await anonymous.post('/public/certificates/verify', { token: compactToken });
    expect(compact.body).toMatchObject({
      valid: true,
      status: 'valid',
      certificate: { number, holderName: '张*' },
    });
    expect(compact.body).toEqual((await anonymous.post('/public/certificates/verify', { token })).body);
    const forged = await anonymous.post('/public/certificates/verify', {
      token: withMoreHours(compactToken),
    });
    expect(forged.body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: '签名不符：令牌被篡改或伪造',
    });
  });
});

describe('the verification page', () => {
  it('verifies the compact link of the QR code in the browser: valid, with the holder name masked', async () => {
    // Exactly the link the QR code carries, on the page's origin.
    const page = await open(verificationLink(system.baseUrl, certificate));
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'valid', verdict: '有效' });
    for (const shown of [number, '张*', '培训合格证书', '人工智能应用实务', '12 学时', '广西人才培训中心']) {
      expect(text).toContain(shown);
    }
    expect(text).toContain(beijingDay(issuedOn));
    expect(text).toContain('电子签名已在本机');
    // Name and title are in the signature: nothing is said to come from the record.
    expect(text).not.toContain('未写入二维码');
    expect(await page.locator('body').textContent()).not.toContain('张三');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'compact-valid');
    await page.close();
  });

  it('shows what the QR code left out (a title too long) from the record, saying so', async () => {
    const page = await open(verificationLink(system.baseUrl, longTitled));
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'valid', verdict: '有效' });
    for (const shown of [longTitled.number, '韦**', LONG_TITLE, '499.5 学时', '电子签名已在本机']) {
      expect(text).toContain(shown);
    }
    expect(await page.locator('#result .note').textContent()).toMatch(
      /^培训项目(、颁发机构)?未写入二维码的签名，显示的是系统记录。$/,
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'compact-long-title');
    await page.close();
  });

  it('shows a compact link with a claim changed as invalid: the signature does not match', async () => {
    const page = await open(`${system.baseUrl}/verify#c=${withMoreHours(compactToken)}`);
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'invalid', verdict: '无效' });
    expect(text).toContain('签名不符');
    expect(text).not.toContain('120 学时');
    await shot(page, 'compact-tampered');
    await page.close();
  });

  it('shows a valid certificate as valid from the full token of a link printed before', async () => {
    const page = await open(verificationLink(system.baseUrl, { token }));
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'valid', verdict: '有效' });
    for (const shown of [number, '张*', '培训合格证书', '人工智能应用实务', '12 学时', '广西人才培训中心']) {
      expect(text).toContain(shown);
    }
    expect(text).toContain(beijingDay(issuedOn));
    expect(text).toContain('电子签名已在本机');
    expect(await page.locator('body').textContent()).not.toContain('张三');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'valid');
    await page.close();
  });

  it('shows a tampered token as invalid: the signature does not match', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const index = Math.floor(payload.length / 2);
    const flipped = payload[index] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload.slice(0, index)}${flipped}${payload.slice(index + 1)}.${signature}`;
    const page = await open(verificationLink(system.baseUrl, { token: tampered }));
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'invalid', verdict: '无效' });
    expect(text).toContain('签名不符');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'tampered');
    await page.close();
  });

  it('works from another origin than the API (CORS, CSP connect-src)', async () => {
    const page = await open(verificationLink(otherOriginUrl, certificate));
    expect((await verdictOf(page)).status).toBe('valid');
    const older = await open(verificationLink(otherOriginUrl, { token }));
    expect((await verdictOf(older)).status).toBe('valid');
    await Promise.all([page.close(), older.close()]);
  });

  it('looks up a typed-in number, refusing a mistyped one before asking', async () => {
    const page = await open(`${system.baseUrl}/verify`);
    expect(await page.locator('#result').isHidden()).toBe(true);
    const lookups: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/public/certificates/')) lookups.push(request.url());
    });

    const mistyped = `${number.slice(0, -1)}${number.endsWith('1') ? '2' : '1'}`;
    await page.locator('#number').fill(mistyped);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('#number-error').textContent()).toContain('校验位');
    expect(lookups).toEqual([]);

    // As people type it: lower case, with spaces around.
    await page.locator('#number').fill(` ${number.toLowerCase()} `);
    await page.getByRole('button', { name: '查询' }).click();
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'valid', verdict: '有效' });
    expect(text).toContain('张*');
    expect(text).toContain('没有电子签名');
    expect(lookups).toHaveLength(1);
    expect(new URL(page.url()).hash).toBe(`#number=${number}`);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'number');
    await page.close();
  });

  it('shows a revoked certificate as revoked, with the date and the reason', async () => {
    // A reason written as a sentence, with its own full stop, naming an ID number.
    const revoked = await admin.post(`/certificates/${number}/revoke`, {
      reason: '冒用身份证号450103199001010012，考核材料造假。',
    });
    expect(revoked.status).toBe(200);

    const page = await open(verificationLink(system.baseUrl, { token }));
    const { status, verdict, text } = await verdictOf(page);
    expect({ status, verdict }).toEqual({ status: 'revoked', verdict: '已撤销' });
    expect(await page.locator('#result .explanation').textContent()).toMatch(
      /原因：冒用身份证号4501\*{10}0012，考核材料造假。$/,
    );
    expect(text).not.toContain('。。');
    expect(await page.locator('body').textContent()).not.toContain('450103199001010012');
    expect(text).toContain('撤销日期');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'revoked');

    // The number says so too.
    const byNumber = await open(`${system.baseUrl}/verify#number=${number}`);
    const byNumberVerdict = await verdictOf(byNumber);
    expect(byNumberVerdict).toMatchObject({ status: 'revoked', verdict: '已撤销' });
    expect(byNumberVerdict.text).toContain('考核材料造假。');
    expect(byNumberVerdict.text).toContain('4501**********0012');
    expect(byNumberVerdict.text).not.toContain('。。');
    // And the QR code's compact link.
    const compact = await open(verificationLink(system.baseUrl, certificate));
    const compactVerdict = await verdictOf(compact);
    expect(compactVerdict).toMatchObject({ status: 'revoked', verdict: '已撤销' });
    expect(compactVerdict.text).toContain('4501**********0012');
    await Promise.all([page.close(), byNumber.close(), compact.close()]);
  });

  it('ran with no script error, CSP violation or failed load in the browser', () => {
    expect(browserErrors).toEqual([]);
  });
});
