/**
 * Personal data inside free text the public reads (a revocation reason): ID numbers, phone numbers
 * and mail addresses are masked wherever they stand and however they are typed; nothing else changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CERTIFICATE_NUMBER } from '#shared/domain/certificates/numbering';
import { maskPersonalData } from '#shared/domain/personal-data';
import { idNumberCheckCharacter } from '#shared/domain/trainees/id-number';

const ID = '450103199001010012';
const ID_X = (() => {
  // A real ID number whose check character is X.
  for (let sequence = 0; sequence < 1000; sequence++) {
    const first17 = `45010319850612${String(sequence).padStart(3, '0')}`;
    if (idNumberCheckCharacter(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no ID number ending in X');
})();
const fullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('maskPersonalData: resident ID numbers', () => {
  it('masks an ID number in a sentence as everywhere else (4501**********0012)', () => {
    expect(maskPersonalData(`持证人身份证号${ID}与档案不符`)).toBe(
      '持证人身份证号4501**********0012与档案不符',
    );
  });

  it.each([
    ['ending in X', ID_X, `4501**********${ID_X.slice(-4)}`],
    ['ending in a lower-case x', ID_X.toLowerCase(), `4501**********${ID_X.slice(-4)}`],
    ['in full-width digits', fullWidth(ID), '4501**********0012'],
    ['in groups of 6-8-4 with spaces', '450103 19900101 0012', '4501**********0012'],
    ['in groups of 6-8-4 with dashes', '450103-19900101-0012', '4501**********0012'],
    ['with a wrong check digit (a typo is still personal data)', '450103199001010013', '4501**********0013'],
  ])('masks one %s', (_label, written, masked) => {
    expect(maskPersonalData(`证件号：${written}。`)).toBe(`证件号：${masked}。`);
  });

  it('masks every one of several, at the start and at the end of the text', () => {
    expect(maskPersonalData(`${ID}冒用${ID_X}`)).toBe(
      `4501**********0012冒用4501**********${ID_X.slice(-4)}`,
    );
  });

  it('leaves a longer run of digits alone: it is some other number', () => {
    expect(maskPersonalData(`流水号${ID}99`)).toBe(`流水号${ID}99`);
    expect(maskPersonalData(`流水号9${ID}`)).toBe(`流水号9${ID}`);
  });

  it('never lets any valid ID number through, whatever text surrounds it', () => {
    const idNumber = fc
      .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 999 }))
      .map(([days, sequence]) => {
        const birth = new Date(Date.UTC(1950, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
        const first17 = `450103${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
        return `${first17}${idNumberCheckCharacter(first17)}`;
      });
    const words = fc.constantFrom('', '考核材料不实', '，', '。', ' ', '证件号', 'ID ', '（', '）');
    fc.assert(
      fc.property(words, idNumber, words, (before, id, after) => {
        const masked = maskPersonalData(`${before}${id}${after}`);
        expect(masked).not.toContain(id);
        expect(masked).not.toContain(id.slice(4, 14));
        expect(masked).toBe(`${before}${id.slice(0, 4)}**********${id.slice(-4)}${after}`);
      }),
    );
  });
});

describe('maskPersonalData: phone numbers', () => {
  it.each([
    ['a mobile number', '13812345678', '138****5678'],
    ['one grouped 3-4-4 with spaces', '138 1234 5678', '138****5678'],
    ['one grouped 3-4-4 with dashes', '138-1234-5678', '138****5678'],
    ['one after +86', '+8613812345678', '+86 138****5678'],
    ['one after +86 and a space', '+86 199 1234 5678', '+86 199****5678'],
    ['one after 86 without the plus', '8615912345678', '+86 159****5678'],
    ['one in full-width digits', fullWidth('17712345678'), '177****5678'],
    ['a landline with its area code', '0771-5551234', '0771-****234'],
    ['a landline with an eight-digit number', '0771-55512345', '0771-*****345'],
    ['a Beijing landline', '010-65123456', '010-*****456'],
    ['a landline without a dash', '07715551234', '0771-****234'],
    ['a landline with the area code in brackets', '(0771)5551234', '0771-****234'],
    ['a landline in full-width brackets and digits', '（０７７１）５５５１２３４', '0771-****234'],
    ['a landline grouped 3-4', '0771-555 1234', '0771-****234'],
    ['a landline with an extension', '0771-5551234转123', '0771-****234-***'],
    ['a landline with a dashed extension', '0771-5551234-8', '0771-****234-*'],
  ])('masks %s', (_label, written, masked) => {
    expect(maskPersonalData(`请致电${written}核实`)).toBe(`请致电${masked}核实`);
  });

  it('masks each of several, and keeps the text around them', () => {
    expect(maskPersonalData('手机13812345678，办公电话0771-5551234。')).toBe(
      '手机138****5678，办公电话0771-****234。',
    );
  });

  it('leaves numbers alone that are no phone numbers', () => {
    for (const text of [
      '1381234567', // ten digits
      '138123456789', // twelve digits
      '12812345678', // no mobile prefix 12
      '5551234', // a landline without area code cannot be told from other numbers
      '学时12，考试日期2026-01-05，分数59',
      '金额100000000元',
      `证书编号${EXAMPLE_CERTIFICATE_NUMBER}`,
    ]) {
      expect(maskPersonalData(text), text).toBe(text);
    }
  });

  it('never lets any mobile number through, whatever text surrounds it', () => {
    const mobile = fc
      .tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^\d{9}$/))
      .map(([second, rest]) => `1${second}${rest}`);
    const words = fc.constantFrom('', '联系人', '，', '。', ' ', '电话:', 'Tel ');
    fc.assert(
      fc.property(words, mobile, words, (before, number, after) => {
        const masked = maskPersonalData(`${before}${number}${after}`);
        expect(masked).not.toContain(number);
        expect(masked).not.toContain(number.slice(3, 7));
      }),
    );
  });
});

describe('maskPersonalData: mail addresses', () => {
  it.each([
    ['an address', 'zhang.san@example.cn', 'z***@example.cn'],
    ['one with a plus and digits', 'li+cert2026@mail.gx.gov.cn', 'l***@mail.gx.gov.cn'],
    ['one with a full-width at sign', 'wang＠qq.com', 'w***@qq.com'],
    ['one whose mailbox is a phone number', '13812345678@163.com', '1***@163.com'],
  ])('masks %s', (_label, written, masked) => {
    expect(maskPersonalData(`来信${written}。`)).toBe(`来信${masked}。`);
  });

  it('masks an address written right after Chinese text', () => {
    expect(maskPersonalData('举报邮箱zhang@example.cn已核实')).toBe('举报邮箱z***@example.cn已核实');
  });
});

describe('maskPersonalData: everything else', () => {
  it('leaves a text without personal data exactly as written', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'考核材料不实，依规撤销。ABC abc!?（）·-') }),
        (text) => {
          expect(maskPersonalData(text)).toBe(text);
        },
      ),
    );
    expect(maskPersonalData('考核材料造假。')).toBe('考核材料造假。');
    expect(maskPersonalData('')).toBe('');
  });

  it('masks all kinds in one reason', () => {
    expect(
      maskPersonalData(`经核查，持证人（身份证${ID}，手机13812345678，邮箱li@example.cn）冒名参考。`),
    ).toBe('经核查，持证人（身份证4501**********0012，手机138****5678，邮箱l***@example.cn）冒名参考。');
  });
});
