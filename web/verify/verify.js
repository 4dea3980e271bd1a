/**
 * The verification page's rules, free of the DOM (app.js draws them): decoding a certificate
 * token, checking its ES256 signature with WebCrypto against the published keys (GET /public/keys),
 * and what the page shows: the holder's name masked, a typed-in number checked before any lookup.
 *
 * No build step and no dependency, so a few rules are copies of shared/domain (maskName, the
 * number pattern and its MOD 11-2 check, the digital fields): test/unit/web/verify-page.test.ts
 * holds each copy equal to its original.
 */

/** The `iss` of every certificate (shared/domain/certificates/certificate.ts). */
export const CERTIFICATE_ISSUER = 'urn:gx-knowledge-renewal';
/** The server refuses longer tokens (shared/signing/verify.ts). */
export const MAX_TOKEN_LENGTH = 4096;

const TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Bytes of a base64url string (no padding); throws on anything else. */
export function base64UrlToBytes(text) {
  if (!/^[\w-]*$/.test(text)) throw new Error('Not base64url');
  const base64 = `${text.replace(/-/g, '+').replace(/_/g, '/')}${'==='.slice((text.length + 3) % 4)}`;
  return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
}

function jsonObjectOf(part) {
  const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlToBytes(part)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Not an object');
  return value;
}

const refused = (code, reason) => ({ ok: false, code, reason });

/**
 * Checks a compact JWS against a JWKS: ES256 only, a key listed under the header's `kid`, the
 * signature over the token's own text (so any changed character fails), then the claims.
 * Never throws: the token comes from a link anyone can write.
 *
 * @returns {Promise<{ok: true, kid: string, claims: Record<string, unknown>}
 *   | {ok: false, code: 'malformed' | 'algorithm' | 'key' | 'signature' | 'claims', reason: string}>}
 */
export async function verifyCertificateToken(token, jwks, subtle = globalThis.crypto.subtle) {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
    return refused('malformed', '链接中的证书数据不完整或格式不对，请重新扫描二维码');
  }
  const [headerPart, payloadPart, signaturePart] = token.split('.');
  let header;
  try {
    header = jsonObjectOf(headerPart);
  } catch {
    return refused('malformed', '链接中的证书数据无法读取，请重新扫描二维码');
  }
  if (header.alg !== 'ES256') {
    return refused('algorithm', `签名算法 ${String(header.alg)} 不被接受（本系统只使用 ES256）`);
  }
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  const jwk = keys.find(
    (key) => key && key.kid === header.kid && key.kty === 'EC' && key.crv === 'P-256' && key.x && key.y,
  );
  if (!jwk) return refused('key', '签名所用的密钥不在本系统公布的公钥之列：证书不是本系统签发的');

  const mismatch = refused('signature', '签名不符：证书内容被改动过，或不是本系统签发的');
  try {
    const signature = base64UrlToBytes(signaturePart);
    // JWS carries ECDSA signatures as r || s, 32 bytes each: the form WebCrypto verifies.
    if (signature.length !== 64) return mismatch;
    const key = await subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
    if (!(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, signed))) return mismatch;
  } catch {
    return mismatch;
  }

  let claims;
  try {
    claims = jsonObjectOf(payloadPart);
  } catch {
    return refused('claims', '签名有效，但内容不是一份证书');
  }
  if (claims.iss !== CERTIFICATE_ISSUER || typeof claims.sub !== 'string') {
    return refused('claims', '签名有效，但内容不是本系统的证书');
  }
  return { ok: true, kid: jwk.kid, claims };
}

/** `张*`, `欧**`: the first character, the rest starred (shared/domain maskName). */
export function maskName(name) {
  const characters = [...String(name ?? '')];
  return `${characters[0] ?? ''}${'*'.repeat(Math.max(0, characters.length - 1))}`;
}

/** shared/domain/certificates/numbering.ts */
export const CERTIFICATE_NUMBER_PATTERN = /^GX-(\d{4})-([PT])([0-3])-(\d{6}|[1-9]\d{6,11})-([\dX])$/;

/** ISO 7064 MOD 11-2 check character of a string of digits (0–9, or X for ten). */
export function mod11_2(digits) {
  let product = 0;
  for (const digit of digits) product = ((product + Number(digit)) * 2) % 11;
  return '0123456789X'[(12 - product) % 11];
}

/** What people type: full-width characters, other dashes, spaces, lower case. */
export function normalizeNumber(text) {
  return String(text ?? '')
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u30FC]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * A typed-in certificate number, checked as the server checks it (so a mistyped one is refused
 * here, before any lookup).
 * @returns {{ok: true, number: string} | {ok: false, message: string}}
 */
export function checkCertificateNumber(text) {
  const number = normalizeNumber(text);
  if (!number) return { ok: false, message: '请输入证书编号' };
  const match = CERTIFICATE_NUMBER_PATTERN.exec(number);
  if (!match)
    return { ok: false, message: '证书编号的格式为 GX-年份-类型等级-序号-校验位，例如 GX-2026-P0-000123-0' };
  const [, year, letter, level, sequence, check] = match;
  if (mod11_2(`${year}${level}${sequence}`) !== check) {
    return { ok: false, message: '校验位不符：编号可能输错了，请逐位核对' };
  }
  if ((letter === 'P') !== (level === '0')) {
    return { ok: false, message: '培训合格证书（P）的等级位为 0，专业技术等级证书（T）的等级位为 1–3' };
  }
  return { ok: true, number };
}

export const TYPE_LABELS = { completion: '培训合格证书', 'technical-level': '专业技术等级证书' };
export const LEVEL_LABELS = { junior: '初级', intermediate: '中级', senior: '高级' };
/** The ten fields of the digital technology engineer program (shared/domain/plans/catalog.ts). */
export const DIGITAL_FIELD_LABELS = {
  'artificial-intelligence': '人工智能',
  'internet-of-things': '物联网',
  'big-data': '大数据',
  'cloud-computing': '云计算',
  'digital-management': '数字化管理',
  'smart-manufacturing': '智能制造',
  'industrial-internet': '工业互联网',
  'virtual-reality': '虚拟现实',
  blockchain: '区块链',
  'integrated-circuits': '集成电路',
};

const text = (value) => (typeof value === 'string' ? value : undefined);
const number = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** What the page shows of a verified token's claims: the name masked, nothing else personal. */
export function certificateFromClaims(claims) {
  return {
    number: text(claims.sub),
    type: text(claims.typ),
    level: text(claims.lvl),
    holderName: maskName(text(claims.name) ?? ''),
    title: text(claims.title),
    creditHours: number(claims.hours),
    issuer: text(claims.issuer),
    issuedOn: text(claims.issued),
    examDate: text(claims.exam),
  };
}

/** What the page shows of a verified compact token (compact.js): the name masked, as above. */
export function certificateFromCompact(signed) {
  return { ...signed, holderName: signed.holderName === undefined ? undefined : maskName(signed.holderName) };
}

/**
 * A compact token's certificate with the texts its QR code left out (too long to fit) taken from
 * the public record the page reads online anyway; `fromRecord` names them, so the page can say
 * which rows its signature does not cover.
 * @returns {{certificate: Record<string, unknown>, fromRecord: string[]}}
 */
export function withRecordTexts(certificate, record) {
  const technical = certificate.type === 'technical-level';
  const labels = { holderName: '持证人', title: technical ? '专业领域' : '培训项目', issuer: '颁发机构' };
  const filled = { ...certificate };
  const fromRecord = [];
  for (const [field, label] of Object.entries(labels)) {
    const value = record ? text(record[field]) : undefined;
    if (filled[field] !== undefined || !value) continue;
    filled[field] = field === 'holderName' ? maskName(value) : value;
    fromRecord.push(label);
  }
  return { certificate: filled, fromRecord };
}

/** The same from the public record (GET /public/certificates/{number}); its name is masked already. */
export function certificateFromRecord(record) {
  return {
    number: text(record.number),
    type: text(record.type),
    level: text(record.level),
    holderName: maskName(text(record.holderName) ?? ''),
    title: text(record.title),
    creditHours: number(record.creditHours),
    issuer: text(record.issuer),
    issuedOn: text(record.issuedOn),
    examDate: undefined,
  };
}

/** `2026-05-03` → `2026年5月3日`. */
export function formatDate(date) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : (date ?? '');
}

/** An instant as its Beijing date: when a certificate was revoked. */
export function formatInstant(instant) {
  const date = new Date(instant ?? '');
  if (Number.isNaN(date.getTime())) return instant ?? '';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

/** Ends a sentence with 。 unless it already ends with its own full stop, ! or ?. */
export function asSentence(text) {
  const trimmed = String(text ?? '').trim();
  return /[。．.！!？?]$/.test(trimmed) ? trimmed : `${trimmed}。`;
}

/** The one sentence that says when and why a certificate was revoked. */
export function revokedExplanation(record) {
  const reason = String(record.revocationReason ?? '').trim();
  return asSentence(`该证书已于${formatInstant(record.revokedAt)}被撤销${reason ? `，原因：${reason}` : ''}`);
}

/**
 * The rows of the details list, in reading order.
 * @returns {[string, string][]}
 */
export function detailRows(certificate, revocation = {}) {
  const technical = certificate.type === 'technical-level';
  const title = technical
    ? (DIGITAL_FIELD_LABELS[certificate.title] ?? certificate.title)
    : certificate.title;
  const rows = [
    ['证书编号', certificate.number],
    ['持证人', certificate.holderName],
    ['证书类型', TYPE_LABELS[certificate.type] ?? certificate.type],
    [technical ? '专业领域' : '培训项目', title],
    ['等级', LEVEL_LABELS[certificate.level] ?? certificate.level],
    ['学时', certificate.creditHours === undefined ? undefined : `${certificate.creditHours} 学时`],
    ['考试日期', certificate.examDate && formatDate(certificate.examDate)],
    ['颁发机构', certificate.issuer],
    ['颁发日期', certificate.issuedOn && formatDate(certificate.issuedOn)],
    ['撤销日期', revocation.revokedAt && formatInstant(revocation.revokedAt)],
    ['撤销原因', revocation.revocationReason],
  ];
  return rows.filter(([, value]) => value !== undefined && value !== '');
}
