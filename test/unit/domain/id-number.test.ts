/** GB 11643 ID numbers: check character (ISO 7064 MOD 11-2), region, birth date, and masking. */
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, isValidIdNumber, maskIdNumber } from '#shared/domain/trainees/id-number';
import { TraineeProfileInput } from '#shared/domain/trainees/schemas';

// 450103199001011238 was checked by hand (weighted sum 191, 191 mod 11 = 4, table 10X98765432 -> 8),
// and 11010519491231002X is the standard's own worked example: known answers, not the code's.
const GUANGXI = '450103199001011238';
const ENDS_IN_X = '45010319850615028X';
const BEIJING_X = '11010519491231002X';
const LEAP_DAY = '440304200002290014';
const TODAY = new Date('2026-06-01T00:00:00.000Z');

const profileInput = (idNumber: string) => ({
  name: '李华',
  idNumber,
  employer: '广西壮族自治区人民医院',
  city: '南宁',
  email: 'lihua@example.cn',
});

describe('idNumberCheckCharacter', () => {
  it.each([
    ['45010319900101123', '8'],
    ['45010319850615028', 'X'],
    ['11010519491231002', 'X'],
    ['44030420000229001', '4'],
  ])('of %s is %s', (first17, check) => {
    expect(idNumberCheckCharacter(first17)).toBe(check);
  });
});

describe('isValidIdNumber', () => {
  it.each([GUANGXI, ENDS_IN_X, BEIJING_X, LEAP_DAY])('accepts %s', (value) => {
    expect(isValidIdNumber(value, TODAY)).toBe(true);
  });

  it('rejects every wrong check character of an otherwise valid number', () => {
    for (const wrong of '012345679X') {
      expect(isValidIdNumber(`45010319900101123${wrong}`, TODAY), wrong).toBe(false);
    }
    expect(isValidIdNumber('450103198506150281', TODAY)).toBe(false);
  });

  it.each([
    ['17 characters', '45010319900101123'],
    ['19 characters', '4501031990010112380'],
    ['15-digit first-generation number', '450103900101123'],
    ['empty', ''],
    ['a letter inside', '4501031990A1011238'],
    ['x in lower case (the schema uppercases first)', '45010319850615028x'],
    ['X before the end', '4501031990010112X8'],
    ['spaces', '450103 19900101 1238'],
    ['full-width digits', '４５０１０３１９９００１０１１２３８'],
  ])('rejects %s', (_, value) => {
    expect(isValidIdNumber(value, TODAY)).toBe(false);
  });

  // Each of these carries the check character that fits its first 17 digits, so only the named
  // rule can reject it.
  it.each([
    ['30 February', '450103199002301237'],
    ['month 13', '450103199013011235'],
    ['29 February of 1900 (not a leap year)', '450103190002291234'],
    ['born before 1900', '450103189912311232'],
    ['unknown province 99', '990103199001011233'],
  ])('rejects %s', (_, value) => {
    expect(idNumberCheckCharacter(value.slice(0, 17))).toBe(value[17]);
    expect(isValidIdNumber(value, TODAY)).toBe(false);
  });

  it('rejects a birth date after today, and accepts one born today', () => {
    const bornLater = '450103202606021230';
    expect(idNumberCheckCharacter(bornLater.slice(0, 17))).toBe('0');
    expect(isValidIdNumber(bornLater, TODAY)).toBe(false);
    expect(isValidIdNumber(bornLater, new Date('2026-06-02T00:00:00.000Z'))).toBe(true);
  });
});

describe('TraineeProfileInput.idNumber', () => {
  it('accepts a lower-case x and keeps it upper-case', () => {
    const parsed = TraineeProfileInput.parse(profileInput(ENDS_IN_X.toLowerCase()));
    expect(parsed.idNumber).toBe(ENDS_IN_X);
  });

  it('trims surrounding spaces', () => {
    expect(TraineeProfileInput.parse(profileInput(` ${GUANGXI} `)).idNumber).toBe(GUANGXI);
  });

  it('names the field when the check digit is wrong', () => {
    const result = TraineeProfileInput.safeParse(profileInput('450103199001011234'));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['idNumber']]);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first four and last four characters, and the length', () => {
    expect(maskIdNumber(GUANGXI)).toBe('4501**********1238');
    expect(maskIdNumber(ENDS_IN_X)).toBe('4501**********028X');
    expect(maskIdNumber(GUANGXI)).toHaveLength(18);
  });

  it('hides the birth date and sequence number', () => {
    expect(maskIdNumber(GUANGXI)).not.toContain('19900101');
  });
});
