/** A trainee is one person: the sign-in's name and address, and certified fields that stay. */
import { describe, expect, it } from 'vitest';
import type { AppError } from '#shared/domain/errors';
import {
  assertCertifiedFieldsKept,
  certifiedFieldsChanged,
  idNumberInUse,
  profileFrom,
} from '#shared/domain/trainees/profile';
import type { TraineeProfile } from '#shared/domain/trainees/schemas';
import { thrown } from '../helpers/thrown';

const now = new Date('2026-03-01T02:00:00Z');
const input = {
  name: '李华',
  idNumber: '450103199001011238',
  employer: '广西壮族自治区人民医院',
  city: '南宁',
  email: 'lihua@example.cn',
};
const stored: TraineeProfile = { traineeId: 'u-1', ...input, updatedAt: '2026-02-01T00:00:00.000Z' };

describe('the profile and the sign-in', () => {
  it('takes the body as it is when the token carries neither name nor email', () => {
    expect(profileFrom('u-1', input, {}, now)).toEqual({
      traineeId: 'u-1',
      ...input,
      updatedAt: now.toISOString(),
    });
  });

  it('accepts a body that agrees with the claims, and keeps the verified address', () => {
    const profile = profileFrom(
      'u-1',
      { ...input, email: 'LiHua@Example.cn' },
      { name: '李华', email: 'lihua@example.cn' },
      now,
    );
    expect(profile).toMatchObject({ name: '李华', email: 'lihua@example.cn' });
  });

  it('refuses a name other than the claim (422 PROFILE_CLAIM_MISMATCH naming name)', () => {
    const error = thrown(() => profileFrom('u-1', { ...input, name: '李四' }, { name: '李华' }, now));
    expect(error).toMatchObject({ status: 422, code: 'PROFILE_CLAIM_MISMATCH' });
    expect(error).toHaveProperty('details', [expect.objectContaining({ field: 'name' })]);
  });

  it('refuses an address other than the claim, and names both fields when both differ', () => {
    expect(
      thrown(() => profileFrom('u-1', { ...input, email: 'other@example.cn' }, { email: input.email }, now)),
    ).toMatchObject({ status: 422, code: 'PROFILE_CLAIM_MISMATCH', details: [{ field: 'email' }] });
    const both = thrown(() => profileFrom('u-1', input, { name: '王芳', email: 'wangfang@example.cn' }, now));
    expect(both).toMatchObject({ details: [{ field: 'name' }, { field: 'email' }] });
    expect((both as AppError).toBody().error).toEqual({
      code: 'PROFILE_CLAIM_MISMATCH',
      message: '个人信息须与登录账号一致：姓名、电子邮箱',
      details: [
        { field: 'name', message: '姓名：须与登录账号中的姓名一致' },
        { field: 'email', message: '电子邮箱：须与登录账号中的电子邮箱一致' },
      ],
    });
    expect((both as AppError).toBody('en').error.message).toBe(
      'Your profile must match your sign-in: name, email',
    );
  });

  it('checks only the claims the token carries', () => {
    expect(profileFrom('u-1', input, { email: input.email }, now).name).toBe('李华');
    expect(profileFrom('u-1', input, { name: '李华' }, now).email).toBe('lihua@example.cn');
  });
});

describe('certified fields', () => {
  it('finds no change on a first profile, and names the certified fields a save changes', () => {
    expect(certifiedFieldsChanged(undefined, stored)).toEqual([]);
    expect(certifiedFieldsChanged(stored, { ...stored, city: '柳州' })).toEqual([]);
    expect(certifiedFieldsChanged(stored, { ...stored, name: '李华明' })).toEqual(['name']);
    expect(
      certifiedFieldsChanged(stored, { ...stored, name: '李华明', idNumber: '45010319850615028X' }),
    ).toEqual(['name', 'idNumber']);
  });

  it('refuses a change of name or ID number once a certificate was issued (409 PROFILE_LOCKED)', () => {
    for (const change of [{ name: '李华明' }, { idNumber: '45010319850615028X' }]) {
      const error = thrown(() => assertCertifiedFieldsKept(stored, { ...stored, ...change }, true));
      expect(error).toMatchObject({ status: 409, code: 'PROFILE_LOCKED' });
      expect(error).toHaveProperty('details', [expect.objectContaining({ field: Object.keys(change)[0] })]);
      expect((error as AppError).toBody().error.message).toBe(
        '已向您颁发证书：姓名和身份证号码须与证书所载一致，不能修改',
      );
    }
  });

  it('lets the other fields change after a certificate, and anything change before one', () => {
    expect(() =>
      assertCertifiedFieldsKept(stored, { ...stored, employer: '柳州市人民医院', city: '柳州' }, true),
    ).not.toThrow();
    expect(() => assertCertifiedFieldsKept(stored, { ...stored, name: '李华明' }, false)).not.toThrow();
  });

  it('refuses a number in use with a 409 ID_NUMBER_IN_USE naming idNumber', () => {
    expect(idNumberInUse()).toMatchObject({
      status: 409,
      code: 'ID_NUMBER_IN_USE',
      details: [{ field: 'idNumber' }],
    });
    expect(idNumberInUse().toBody().error).toEqual({
      code: 'ID_NUMBER_IN_USE',
      message: '该身份证号码已由其他学员登记',
      details: [{ field: 'idNumber', message: '身份证号码：已登记在其他学员的个人信息中' }],
    });
  });
});
