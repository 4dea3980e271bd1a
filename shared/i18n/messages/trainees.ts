/** Refusals about a trainee's profile: who the trainee is, as the sign-in and certificates say. */
import { fieldLabel } from '../field-labels';
import { listed } from '../lists';
import type { Text } from '../text';

/** A person's `name` is a 姓名, not the 名称 of an organization or a plan. */
const personFieldLabel = (field: string) => (field === 'name' ? '姓名' : fieldLabel(field));

/** A detail about one of the trainee's fields, led by its label as every detail is. */
const aboutPersonField = (field: string, text: Text): Text => ({
  'zh-CN': `${personFieldLabel(field)}：${text['zh-CN']}`,
  en: text.en,
});

export const trainees = {
  claimsMismatch: (fields: readonly string[]): Text => {
    const names = listed(fields, personFieldLabel);
    return {
      'zh-CN': `个人信息须与登录账号一致：${names['zh-CN']}`,
      en: `Your profile must match your sign-in: ${names.en}`,
    };
  },
  nameOfSignIn: (): Text =>
    aboutPersonField('name', {
      'zh-CN': '须与登录账号中的姓名一致',
      en: 'Must be the name your sign-in carries',
    }),
  emailOfSignIn: (): Text =>
    aboutPersonField('email', {
      'zh-CN': '须与登录账号中的电子邮箱一致',
      en: 'Must be the mail address your sign-in carries',
    }),
  certifiedFieldsLocked: (): Text => ({
    'zh-CN': '已向您颁发证书：姓名和身份证号码须与证书所载一致，不能修改',
    en: 'A certificate has been issued to you: your name and ID number stay as certified',
  }),
  lockedByCertificate: (field: string): Text =>
    aboutPersonField(field, {
      'zh-CN': '证书颁发后不能修改',
      en: 'Cannot change after a certificate was issued',
    }),
  idNumberInUse: (): Text => ({
    'zh-CN': '该身份证号码已由其他学员登记',
    en: 'Another trainee has already registered this ID number',
  }),
  idNumberHeld: (): Text =>
    aboutPersonField('idNumber', {
      'zh-CN': '已登记在其他学员的个人信息中',
      en: 'Held by another trainee profile',
    }),
  invalidIdNumber: (): Text => ({
    'zh-CN': '不是有效的 18 位公民身份号码（依 GB 11643 核验地址码、出生日期码和校验码）',
    en: 'Not a valid 18-digit ID number (GB 11643: region, birth date, check digit)',
  }),
  noProfile: (): Text => ({
    'zh-CN': '您尚未填写学员个人信息，请先通过 PUT /trainees/me 提交',
    en: 'You have no trainee profile yet: PUT /trainees/me first',
  }),
};
