/**
 * Text fields take valid Unicode only: JSON can carry half of a surrogate pair (`"\ud800"`), which
 * no UTF-8 file, mail or header can hold; such a title once made every roster export a 500. The
 * properties generate such strings (fast-check's `binary` unit yields lone surrogates).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { longText, shortText } from '#shared/domain/common';
import { isWellFormedText, toWellFormedText } from '#shared/domain/rules';
import { issueText } from '#shared/i18n/zod-issues';

const hasLoneSurrogate = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return true;
  }
  return false;
};

const anyText = fc.string({ unit: 'binary', maxLength: 30 });

describe('isWellFormedText', () => {
  it('is false exactly when a surrogate stands without its other half', () => {
    fc.assert(fc.property(anyText, (text) => isWellFormedText(text) === !hasLoneSurrogate(text)));
    expect(isWellFormedText('人工智能😀')).toBe(true);
    expect(isWellFormedText('x\ud800')).toBe(false);
    expect(isWellFormedText('\udc00x')).toBe(false);
    expect(isWellFormedText('\ud83d\ude00')).toBe(true);
  });

  it('toWellFormedText replaces only lone surrogates, so encodeURIComponent never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const repaired = toWellFormedText(text);
        expect(isWellFormedText(repaired)).toBe(true);
        expect(repaired.length).toBe(text.length);
        if (!hasLoneSurrogate(text)) expect(repaired).toBe(text);
        expect(() => encodeURIComponent(repaired)).not.toThrow();
      }),
    );
  });
});

describe.each([
  ['shortText', shortText(200)],
  ['longText', longText(200)],
])('%s', (_name, schema) => {
  it('refuses text with a lone surrogate, and takes every well-formed text it otherwise takes', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = z.safeParse(schema, text);
        if (hasLoneSurrogate(text)) {
          expect(result.success).toBe(false);
          expect(result.error?.issues.map((issue) => issueText(issue))).toContainEqual({
            'zh-CN': '不是有效的 Unicode 文本（含有不成对的代理字符）',
            en: 'Not valid Unicode text: it holds half of a surrogate pair',
          });
        } else if (text.trim().length > 0) {
          expect(result.success).toBe(true);
        }
      }),
    );
  });
});
