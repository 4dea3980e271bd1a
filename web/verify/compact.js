/**
 * The compact token a certificate's QR code carries (`#c=` followed by digits): a COSE_Sign1
 * (RFC 9052, ES256) of the certificate's main claims, written as one decimal number. Checked here
 * with WebCrypto against the published keys (GET /public/keys), as verify.js checks a full JWS.
 *
 * No build step and no dependency, so this file holds copies of the server's code: the decimal
 * form and the claim keys (shared/signing/compact-token.ts, shared/domain/certificates/
 * compact-claims.ts) and the part of CBOR the token uses (shared/cbor.ts).
 * test/unit/web/verify-page.test.ts holds them equal to the originals.
 */

/** The server refuses longer tokens (shared/signing/verify.ts MAX_TOKEN_BYTES). */
export const MAX_COMPACT_TOKEN_LENGTH = 4096;

/** shared/domain/certificates/compact-claims.ts */
export const COMPACT_CLAIM = {
  number: 1,
  halfHours: 2,
  issued: 3,
  examDate: 4,
  holderName: 5,
  title: 6,
  issuer: 7,
};

const ES256 = -7;
const HEADER_ALGORITHM = 1;
const HEADER_KEY_ID = 4;
const COSE_SIGN1_TAG = 18;
const LEVEL_LETTERS = ['P0', 'T1', 'T2', 'T3'];
const LEVELS = [undefined, 'junior', 'intermediate', 'senior'];
const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_DAY = 2_932_896;

/** A CBOR tag and the item it tags. */
class Tagged {
  constructor(tag, value) {
    this.tag = tag;
    this.value = value;
  }
}

/** The bytes of a decimal token: the number is 0x01 ‖ bytes, big-endian. Throws on anything else. */
export function decimalToBytes(text) {
  if (typeof text !== 'string' || !/^[1-9]\d*$/.test(text)) throw new Error('Not a decimal token');
  const hex = BigInt(text).toString(16);
  if (hex.length % 2 !== 1 || !hex.startsWith('1')) throw new Error('Not a decimal token');
  const bytes = new Uint8Array((hex.length - 1) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return bytes;
}

/** Strict CBOR: definite lengths, integers, strings, arrays, maps, tags; throws on anything else. */
export function decodeCbor(bytes) {
  let offset = 0;
  const take = (count) => {
    if (offset + count > bytes.length) throw new Error('CBOR item runs past the end');
    const slice = bytes.subarray(offset, offset + count);
    offset += count;
    return slice;
  };
  const argument = (info) => {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (size === undefined) throw new Error('CBOR indefinite lengths and reserved values are refused');
    let value = 0;
    for (const byte of take(size)) value = value * 0x100 + byte;
    if (!Number.isSafeInteger(value)) throw new Error('CBOR integer too large');
    return value;
  };
  const item = (depth) => {
    if (depth > 8) throw new Error('CBOR nested too deeply');
    const initial = take(1)[0];
    const major = initial >> 5;
    const value = argument(initial & 0x1f);
    switch (major) {
      case 0:
        return value;
      case 1:
        return -1 - value;
      case 2:
        return Uint8Array.from(take(value));
      case 3:
        return new TextDecoder('utf-8', { fatal: true }).decode(take(value));
      case 4:
        if (value > bytes.length - offset) throw new Error('CBOR array runs past the end');
        return Array.from({ length: value }, () => item(depth + 1));
      case 5: {
        if (value > bytes.length - offset) throw new Error('CBOR map runs past the end');
        const map = new Map();
        for (let i = 0; i < value; i++) {
          const key = item(depth + 1);
          if (typeof key !== 'number' && typeof key !== 'string') throw new Error('CBOR map key refused');
          if (map.has(key)) throw new Error('CBOR map key repeated');
          map.set(key, item(depth + 1));
        }
        return map;
      }
      case 6:
        return new Tagged(value, item(depth + 1));
      default:
        throw new Error('CBOR floats and simple values are refused');
    }
  };
  const value = item(0);
  if (offset !== bytes.length) throw new Error('Bytes after the CBOR item');
  return value;
}

/** The few CBOR items the Sig_structure needs: a short array of text and byte strings. */
function encodeCbor(value) {
  const head = (major, length) => {
    if (length < 24) return [(major << 5) | length];
    if (length < 0x100) return [(major << 5) | 24, length];
    if (length < 0x10000) return [(major << 5) | 25, length >> 8, length & 0xff];
    throw new Error('Too long for the Sig_structure');
  };
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  return [...head(4, value.length), ...value.flatMap(encodeCbor)];
}

/** RFC 9052 §4.4: what the signature covers, with no external data. */
const sigStructure = (protectedBytes, payload) =>
  Uint8Array.from(encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]));

/** The first four bytes of the key's RFC 7638 thumbprint: the COSE key id (shared/signing/cose.ts). */
export async function coseKeyId(jwk, subtle = globalThis.crypto.subtle) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return new Uint8Array(digest).subarray(0, 4);
}

const sameBytes = (a, b) => a.length === b.length && a.every((byte, index) => byte === b[index]);

function textOf(value) {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array) || value.length % 2 !== 0) return undefined;
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

/** ISO 7064 MOD 11-2 (verify.js has the same, for typed-in numbers). */
function mod11_2(digits) {
  let product = 0;
  for (const digit of digits) product = ((product + Number(digit)) * 2) % 11;
  return '0123456789X'[(12 - product) % 11];
}

function numberOf(value) {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [year, levelDigit, sequence] = value;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  if (!Number.isInteger(levelDigit) || levelDigit < 0 || levelDigit > 3) return undefined;
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999_999_999_999) return undefined;
  const digits = String(sequence).padStart(6, '0');
  return `GX-${year}-${LEVEL_LETTERS[levelDigit]}-${digits}-${mod11_2(`${year}${levelDigit}${digits}`)}`;
}

const isDay = (value) => Number.isInteger(value) && value >= 0 && value <= LAST_DAY;
const dateOf = (days) => new Date(days * DAY_MS).toISOString().slice(0, 10);

/**
 * The certificate the compact claims state, in the names the page draws
 * (verify.js certificateFromClaims); undefined when they are not compact claims of ours.
 */
export function certificateFromCompactClaims(claims) {
  if (!(claims instanceof Map)) return undefined;
  const numberParts = claims.get(COMPACT_CLAIM.number);
  const number = numberOf(numberParts);
  const issued = claims.get(COMPACT_CLAIM.issued);
  if (!number || !isDay(issued)) return undefined;
  const levelDigit = numberParts[1];
  const halfHours = claims.get(COMPACT_CLAIM.halfHours);
  const examDate = claims.get(COMPACT_CLAIM.examDate);
  return {
    number,
    type: levelDigit === 0 ? 'completion' : 'technical-level',
    level: LEVELS[levelDigit],
    holderName: textOf(claims.get(COMPACT_CLAIM.holderName)),
    title: textOf(claims.get(COMPACT_CLAIM.title)),
    creditHours: Number.isInteger(halfHours) && halfHours >= 0 ? halfHours / 2 : undefined,
    issuer: textOf(claims.get(COMPACT_CLAIM.issuer)),
    issuedOn: dateOf(issued),
    examDate: isDay(examDate) ? dateOf(examDate) : undefined,
  };
}

const refused = (code, reason) => ({ ok: false, code, reason });

/**
 * Checks a compact token against a JWKS: a COSE_Sign1 with ES256, signed by the published key
 * whose thumbprint its header names, stating a certificate. Never throws: the token comes from
 * a link anyone can write.
 *
 * @returns {Promise<{ok: true, kid: string, certificate: Record<string, unknown>}
 *   | {ok: false, code: 'malformed' | 'algorithm' | 'key' | 'signature' | 'claims', reason: string}>}
 */
export async function verifyCompactToken(token, jwks, subtle = globalThis.crypto.subtle) {
  const malformed = refused('malformed', '二维码中的证书数据不完整或格式不对，请重新扫描二维码');
  if (typeof token !== 'string' || token.length > MAX_COMPACT_TOKEN_LENGTH) return malformed;
  let parts;
  let header;
  try {
    const message = decodeCbor(decimalToBytes(token));
    if (!(message instanceof Tagged) || message.tag !== COSE_SIGN1_TAG) return malformed;
    parts = message.value;
    if (!Array.isArray(parts) || parts.length !== 4) return malformed;
    if (!(parts[0] instanceof Uint8Array) || !(parts[1] instanceof Map)) return malformed;
    if (!(parts[2] instanceof Uint8Array) || !(parts[3] instanceof Uint8Array)) return malformed;
    header = decodeCbor(parts[0]);
    if (!(header instanceof Map)) return malformed;
  } catch {
    return malformed;
  }
  const [protectedBytes, , payload, signature] = parts;
  if (header.get(HEADER_ALGORITHM) !== ES256) {
    return refused(
      'algorithm',
      `签名算法 ${String(header.get(HEADER_ALGORITHM))} 不被接受（本系统只使用 ES256）`,
    );
  }
  const keyId = header.get(HEADER_KEY_ID);
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  let jwk;
  for (const key of keys) {
    if (key?.kty !== 'EC' || key.crv !== 'P-256' || !key.x || !key.y) continue;
    if (keyId instanceof Uint8Array && sameBytes(await coseKeyId(key, subtle), keyId)) {
      jwk = key;
      break;
    }
  }
  if (!jwk) return refused('key', '签名所用的密钥不在本系统公布的公钥之列：证书不是本系统签发的');

  const mismatch = refused('signature', '签名不符：证书内容被改动过，或不是本系统签发的');
  try {
    // COSE carries ECDSA signatures as r || s, 32 bytes each: the form WebCrypto verifies.
    if (signature.length !== 64) return mismatch;
    const key = await subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const signed = sigStructure(protectedBytes, payload);
    if (!(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, signed))) return mismatch;
  } catch {
    return mismatch;
  }

  let certificate;
  try {
    certificate = certificateFromCompactClaims(decodeCbor(payload));
  } catch {
    // not CBOR: refused below
  }
  if (!certificate) return refused('claims', '签名有效，但内容不是本系统的证书');
  return { ok: true, kid: jwk.kid, certificate };
}
