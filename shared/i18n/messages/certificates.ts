/** Refusals about certificates: their numbers, who issues them to whom, and their revocation. */
import type { TechnicalLevel } from '#shared/domain/certificates/kinds';
import {
  CERTIFICATE_STATUS_LABELS,
  CERTIFICATE_TYPE_LABELS,
  LEVEL_LABELS,
  ORGANIZATION_KIND_LABELS,
} from '../labels';
import type { Text } from '../text';

export const certificates = {
  numberLooksLike: (example: string): Text => ({
    'zh-CN': `证书编号格式应如 ${example}`,
    en: `A certificate number looks like ${example}`,
  }),
  checkCharacterMismatch: (): Text => ({
    'zh-CN': '校验位不符：证书编号可能输入有误',
    en: 'The check character does not match: the number is mistyped',
  }),
  levelDigitOfType: (): Text => ({
    'zh-CN': `${CERTIFICATE_TYPE_LABELS.completion}的级别位为 0，${CERTIFICATE_TYPE_LABELS['technical-level']}的级别位为 1–3`,
    en: 'A completion certificate has level 0; a technical level certificate has level 1–3',
  }),
  listOwnOnly: (): Text => ({
    'zh-CN': '学员只能查看本人的证书：请使用 mine=true',
    en: 'Trainees list their own certificates: mine=true',
  }),
  examInFuture: (): Text => ({
    'zh-CN': '考试日期不能晚于今天',
    en: 'The exam date is in the future',
  }),
  followsExam: (): Text => ({
    'zh-CN': '证书须在考试之后颁发',
    en: 'A certificate follows the exam',
  }),
  alreadyRevoked: (number: string, revokedAt: string | undefined): Text =>
    revokedAt
      ? {
          'zh-CN': `证书 ${number} 已于 ${revokedAt} 撤销`,
          en: `Certificate ${number} was revoked on ${revokedAt}`,
        }
      : certificates.revokedMeanwhile(number),
  revokedMeanwhile: (number: string): Text => ({
    'zh-CN': `证书 ${number} 已被撤销`,
    en: `Certificate ${number} is already revoked`,
  }),
  revoked: (): Text => ({ 'zh-CN': CERTIFICATE_STATUS_LABELS.revoked, en: 'Revoked' }),
  notAnAssessmentInstitution: (orgId: string | undefined): Text => ({
    'zh-CN': `${orgId ? `单位 ${orgId} ` : '您所在的单位'}不是本计划登记在册的${ORGANIZATION_KIND_LABELS['assessment-institution']}`,
    en: `${orgId ?? 'Your organization'} is not a registered assessment institution in the program`,
  }),
  signInAsAssessor: (): Text => ({
    'zh-CN': `请以${ORGANIZATION_KIND_LABELS['assessment-institution']}评价人员的身份登录`,
    en: 'Sign in as an assessor of an assessment institution',
  }),
  unknownHolder: (holderId: string): Text => ({
    'zh-CN': `没有已填写个人信息的学员 ${holderId}：证书只颁发给已登记的学员`,
    en: `No trainee ${holderId} with a profile: a certificate is issued to a registered trainee`,
  }),
  holderMustBeTrainee: (): Text => ({
    'zh-CN': '须为已保存个人信息的学员的用户编号',
    en: 'Must be the user id of a trainee who has saved a profile',
  }),
  holderNameMismatch: (holderId: string): Text => ({
    'zh-CN': `持证人姓名与学员 ${holderId} 个人信息中的姓名不一致`,
    en: `The holder name is not the name in the profile of trainee ${holderId}`,
  }),
  holderNameOfProfile: (): Text => ({
    'zh-CN': '须与持证人个人信息中的姓名一致',
    en: "Must be the name in the holder's profile",
  }),
  alreadyCertified: (
    holderId: string,
    level: TechnicalLevel,
    field: string,
    heldNumber: string | undefined,
  ): Text => ({
    'zh-CN': `学员 ${holderId} 已持有“${field}”领域的${LEVEL_LABELS[level]}证书${heldNumber ? `：${heldNumber}` : ''}`,
    en: `Trainee ${holderId} already holds ${level === 'intermediate' ? 'an' : 'a'} ${level} certificate in ${field}${heldNumber ? `: ${heldNumber}` : ''}`,
  }),
  onePerFieldAndLevel: (): Text => ({
    'zh-CN': '每位持证人在同一专业领域、同一级别只能持有一张证书',
    en: 'One certificate per holder, field and level',
  }),
};
