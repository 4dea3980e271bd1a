/**
 * The CBOR subset of the compact token: RFC 8949's own examples (Appendix A) encode to the bytes
 * the RFC gives, encoding is deterministic (§4.2.1), and decoding refuses what the token never
 * holds instead of guessing: it is handed bytes from a link anyone can write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CborValue, decode, encode, Tagged } from '#shared/cbor';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytesOf = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('encode', () => {
  it.each<[CborValue, string]>([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [-1, '20'],
    [-1000, '3903e7'],
    ['', '60'],
    ['IETF', '6449455446'],
    ['\u6c34', '63e6b0b4'],
    [new Uint8Array(0), '40'],
    [Uint8Array.from([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [new Tagged(1, 1363896240), 'c11a514b67b0'],
  ])('writes %o as RFC 8949 Appendix A does', (value, expected) => {
    expect(hex(encode(value))).toBe(expected);
    expect(decode(bytesOf(expected))).toEqual(value);
  });

  it('sorts map keys by their encoded bytes, whatever order they were set in (§4.2.1)', () => {
    const forwards = new Map<number | string, CborValue>([
      [1, 'a'],
      [10, 'b'],
      [-1, 'c'],
      ['z', 'd'],
      [100, 'e'],
    ]);
    const backwards = new Map([...forwards].reverse());
    expect(hex(encode(forwards))).toBe(hex(encode(backwards)));
    // 0x01 < 0x0a < 0x18 0x64 < 0x20 < 0x61 0x7a
    const entries = ['016161', '0a6162', '18646165', '206163', '617a6164'];
    expect(hex(encode(forwards))).toBe(`a5${entries.join('')}`);
  });

  it('refuses what it cannot write exactly: fractions, unsafe integers, other objects', () => {
    expect(() => encode(1.5)).toThrow();
    expect(() => encode(2 ** 53)).toThrow();
    expect(() => encode({} as unknown as CborValue)).toThrow();
  });
});

const value: fc.Arbitrary<CborValue> = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.maxSafeInteger(),
    fc.string({ unit: 'grapheme' }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.integer(), fc.string()), tie('value')), {
        maxLength: 4,
        selector: ([key]) => key,
      })
      .map((entries) => new Map(entries)),
    fc.tuple(fc.nat({ max: 1000 }), tie('value')).map(([tag, item]) => new Tagged(tag, item)),
  ),
})).value;

describe('decode', () => {
  it('reads back whatever encode writes', () => {
    fc.assert(
      fc.property(value, (item) => {
        expect(decode(encode(item))).toEqual(item);
      }),
    );
  });

  it.each([
    ['a float', 'f93c00'],
    ['a simple value (true)', 'f5'],
    ['an indefinite-length array', '9f01ff'],
    ['an indefinite-length text', '7f6161ff'],
    ['a reserved additional information', '1c'],
    ['bytes after the item', '0101'],
    ['a text running past the end', '6449455'],
    ['an array claiming more items than there are bytes', '9bffffffffffffff00'],
    ['a map claiming more entries than there are bytes', 'bb000fffffffffffff01'],
    ['an integer beyond 2^53', '1bffffffffffffffff'],
    ['a map with a byte-string key', 'a1410101'],
    ['a map with a key twice', 'a201020103'],
    ['a text that is not UTF-8', '62c328'],
    ['nothing at all', ''],
    ['items nested too deeply', '81'.repeat(12).concat('00')],
  ])('refuses %s', (_name, bytes) => {
    expect(() => decode(bytesOf(bytes))).toThrow();
  });

  it('throws only errors, never hangs, on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decode(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
    );
  });
});
