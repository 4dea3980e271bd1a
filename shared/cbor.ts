/**
 * The part of CBOR (RFC 8949) the compact certificate token uses, and no more: integers, byte and
 * text strings, arrays, maps and tags. Written here rather than taken from a library because the
 * verification page (web/verify/compact.js, no build step, no dependency) must decode the same
 * bytes with its own copy, and a few dozen lines are easier to hold equal than a library.
 *
 * Encoding is deterministic (RFC 8949 §4.2.1: shortest heads, map keys sorted by their encoded
 * bytes), so one certificate always gives one token. Decoding is strict: definite lengths only,
 * no floats or simple values, nothing after the item, lengths within the input, bounded nesting;
 * anything else throws (the caller refuses the token).
 */

export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export type CborValue =
  | number
  | string
  | Uint8Array
  | readonly CborValue[]
  | ReadonlyMap<number | string, CborValue>
  | Tagged;

const UNSIGNED = 0;
const NEGATIVE = 1;
const BYTES = 2;
const TEXT = 3;
const ARRAY = 4;
const MAP = 5;
const TAG = 6;

const fourBytes = (value: number) => [value >>> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];

function head(major: number, argument: number): number[] {
  if (!Number.isSafeInteger(argument) || argument < 0) throw new Error(`CBOR cannot encode ${argument}`);
  const type = major << 5;
  if (argument < 24) return [type | argument];
  if (argument < 0x100) return [type | 24, argument];
  if (argument < 0x10000) return [type | 25, argument >> 8, argument & 0xff];
  if (argument < 0x100000000) return [type | 26, ...fourBytes(argument)];
  return [type | 27, ...fourBytes(Math.floor(argument / 0x100000000)), ...fourBytes(argument >>> 0)];
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return a.length - b.length;
}

function encodeInto(value: CborValue, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`CBOR here encodes integers only, not ${value}`);
    out.push(...(value >= 0 ? head(UNSIGNED, value) : head(NEGATIVE, -1 - value)));
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    out.push(...head(TEXT, bytes.length), ...bytes);
  } else if (value instanceof Uint8Array) {
    out.push(...head(BYTES, value.length), ...value);
  } else if (value instanceof Tagged) {
    out.push(...head(TAG, value.tag));
    encodeInto(value.value, out);
  } else if (value instanceof Map) {
    const entries = [...value].map(([key, item]) => [encode(key), encode(item)] as const);
    entries.sort(([a], [b]) => compareBytes(a, b));
    out.push(...head(MAP, entries.length));
    for (const [key, item] of entries) out.push(...key, ...item);
  } else if (Array.isArray(value)) {
    out.push(...head(ARRAY, value.length));
    for (const item of value) encodeInto(item, out);
  } else {
    throw new Error('CBOR here encodes integers, strings, bytes, arrays, maps and tags only');
  }
}

export function encode(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out);
  return Uint8Array.from(out);
}

/** Deeper than anything the token holds: a hostile input cannot recurse without end. */
const MAX_DEPTH = 8;

export function decode(bytes: Uint8Array): CborValue {
  let offset = 0;
  const take = (count: number): Uint8Array => {
    if (offset + count > bytes.length) throw new Error('CBOR item runs past the end');
    const slice = bytes.subarray(offset, offset + count);
    offset += count;
    return slice;
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (size === undefined) throw new Error('CBOR indefinite lengths and reserved values are refused');
    let value = 0;
    for (const byte of take(size)) value = value * 0x100 + byte;
    if (!Number.isSafeInteger(value)) throw new Error('CBOR integer too large');
    return value;
  };
  const item = (depth: number): CborValue => {
    if (depth > MAX_DEPTH) throw new Error('CBOR nested too deeply');
    const initial = take(1)[0] as number;
    const major = initial >> 5;
    const value = argument(initial & 0x1f);
    switch (major) {
      case UNSIGNED:
        return value;
      case NEGATIVE:
        return -1 - value;
      case BYTES:
        return Uint8Array.from(take(value));
      case TEXT:
        return new TextDecoder('utf-8', { fatal: true }).decode(take(value));
      case ARRAY: {
        // Every item takes at least a byte: a length past the input is refused before any work.
        if (value > bytes.length - offset) throw new Error('CBOR array runs past the end');
        return Array.from({ length: value }, () => item(depth + 1));
      }
      case MAP: {
        if (value > bytes.length - offset) throw new Error('CBOR map runs past the end');
        const map = new Map<number | string, CborValue>();
        for (let i = 0; i < value; i++) {
          const key = item(depth + 1);
          if (typeof key !== 'number' && typeof key !== 'string') throw new Error('CBOR map key refused');
          if (map.has(key)) throw new Error('CBOR map key repeated');
          map.set(key, item(depth + 1));
        }
        return map;
      }
      case TAG:
        return new Tagged(value, item(depth + 1));
      default:
        throw new Error('CBOR floats and simple values are refused');
    }
  };
  const value = item(0);
  if (offset !== bytes.length) throw new Error('Bytes after the CBOR item');
  return value;
}
