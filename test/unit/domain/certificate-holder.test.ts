/**
 * A technical level certificate names a real holder (a trainee with a profile, under the profile's
 * name) and is one per holder, field and level.
 */
import { describe, expect, it } from 'vitest';
import {
  alreadyCertified,
  certifiableHolder,
  technicalCertificateSlot,
} from '#shared/domain/certificates/holder';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { AppError } from '#shared/domain/errors';

const PROFILE = { traineeId: 'trainee-1', name: '欧阳修' };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('certifiableHolder', () => {
  it('returns the profile when the name is the profile’s', () => {
    expect(certifiableHolder({ holderId: 'trainee-1', holderName: '欧阳修' }, PROFILE)).toBe(PROFILE);
  });

  it('refuses a holder without a profile: 422 UNKNOWN_HOLDER on holderId', () => {
    const error = refusal(() => certifiableHolder({ holderId: 'nobody', holderName: '欧阳修' }, undefined));
    expect(error.status).toBe(422);
    expect(error.code).toBe('UNKNOWN_HOLDER');
    expect(error.message).toContain('nobody');
    expect(error.toBody().error.details).toEqual([{ field: 'holderId', message: expect.any(String) }]);
  });

  it.each([
    ['another name', '欧阳询'],
    ['a part of the name', '欧阳'],
    ['the name with a character more', '欧阳修修'],
    ['a masked name', '欧**'],
  ])(
    'refuses %s: 422 HOLDER_NAME_MISMATCH on holderName, without telling the profile’s name',
    (_label, name) => {
      const error = refusal(() => certifiableHolder({ holderId: 'trainee-1', holderName: name }, PROFILE));
      expect(error.status).toBe(422);
      expect(error.code).toBe('HOLDER_NAME_MISMATCH');
      expect(JSON.stringify(error.toBody())).not.toContain('欧阳修');
      expect(error.toBody().error.details).toEqual([{ field: 'holderName', message: expect.any(String) }]);
    },
  );

  it('accepts the name as people type it: spaces around or inside, full-width letters, other middle dots', () => {
    const minority = { traineeId: 't', name: '买买提·艾力' };
    expect(certifiableHolder({ holderId: 't', holderName: '买买提・艾力' }, minority)).toBe(minority);
    expect(certifiableHolder({ holderId: 't', holderName: '买买提\u2027艾力' }, minority)).toBe(minority);
    const latin = { traineeId: 't', name: 'Anna Li' };
    expect(certifiableHolder({ holderId: 't', holderName: ' Ａｎｎａ  Li ' }, latin)).toBe(latin);
    // Case is part of a name: not folded.
    expect(refusal(() => certifiableHolder({ holderId: 't', holderName: 'anna li' }, latin)).code).toBe(
      'HOLDER_NAME_MISMATCH',
    );
  });
});

describe('technicalCertificateSlot', () => {
  const slot = (title: string, level: 'junior' | 'senior' = 'senior', holderId = 'h') =>
    technicalCertificateSlot({ holderId, title, level });

  it('is the same for one field however it is spelled in case, width and spacing', () => {
    expect(slot('big-data')).toEqual(slot('Big-Data'));
    expect(slot('big-data')).toEqual(slot(' ｂｉｇ-data '));
    expect(slot('人工智能  工程技术')).toEqual(slot('人工智能 工程技术'));
  });

  it('differs by holder, level and field', () => {
    expect(slot('big-data')).not.toEqual(slot('big-data', 'junior'));
    expect(slot('big-data')).not.toEqual(slot('big-data', 'senior', 'other'));
    expect(slot('big-data')).not.toEqual(slot('cloud-computing'));
  });

  it('exists only for a certificate with a level', () => {
    expect(() => technicalCertificateSlot({ holderId: 'h', title: 'x' })).toThrow();
  });
});

describe('alreadyCertified', () => {
  it('is 409 ALREADY_CERTIFIED naming the certificate held', () => {
    const held = formatCertificateNumber({
      year: 2026,
      type: 'technical-level',
      level: 'senior',
      sequence: 1,
    });
    const error = alreadyCertified({ holderId: 'h', field: 'big-data', level: 'senior' }, held);
    expect(error.status).toBe(409);
    expect(error.code).toBe('ALREADY_CERTIFIED');
    expect(error.message).toContain(held);
    expect(error.toBody().error.details?.[0]).toMatchObject({ field: 'level', number: held });
  });
});
