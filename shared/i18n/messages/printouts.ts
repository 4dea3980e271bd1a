/**
 * The words printed on a certificate (`GET /certificates/{number}/certificate.pdf`). The page is
 * printed in Chinese; the English is kept beside it like every entry of the catalogue.
 */
import { writtenDate } from '../dates';
import type { Text } from '../text';

export const printouts = {
  programme: (): Text => ({
    'zh-CN': '广西专业技术人才知识更新工程',
    en: 'Guangxi Knowledge Renewal Program for Professionals',
  }),
  completionStatement: (holder: string, title: string, hours: number): Text => ({
    'zh-CN': `${holder} 同志参加“${title}”培训，完成 ${hours} 学时，经考核合格，特发此证。`,
    en: `${holder} attended the training "${title}", completed ${hours} credit hours and passed the assessment.`,
  }),
  technicalStatement: (holder: string, field: string, level: string): Text => ({
    'zh-CN': `${holder} 同志参加“${field}”专业技术等级考核，成绩合格，评定为${level}，特发此证。`,
    en: `${holder} passed the technical level assessment in "${field}" and is rated ${level}.`,
  }),
  holderName: (): Text => ({ 'zh-CN': '姓名', en: 'Name' }),
  number: (): Text => ({ 'zh-CN': '证书编号', en: 'Certificate number' }),
  sessionTitle: (): Text => ({ 'zh-CN': '培训班名称', en: 'Training' }),
  field: (): Text => ({ 'zh-CN': '考核专业', en: 'Field' }),
  creditHours: (): Text => ({ 'zh-CN': '学时', en: 'Credit hours' }),
  hours: (hours: number): Text => ({ 'zh-CN': `${hours} 学时`, en: `${hours} hours` }),
  level: (): Text => ({ 'zh-CN': '等级', en: 'Level' }),
  examDate: (): Text => ({ 'zh-CN': '考核日期', en: 'Exam date' }),
  issuer: (): Text => ({ 'zh-CN': '发证单位', en: 'Issued by' }),
  issuedOn: (): Text => ({ 'zh-CN': '发证日期', en: 'Issued on' }),
  scanToVerify: (): Text => ({ 'zh-CN': '扫码核验证书真伪', en: 'Scan to verify this certificate' }),
  revokedMark: (): Text => ({ 'zh-CN': '已撤销', en: 'Revoked' }),
  /** `date` is a calendar date (`YYYY-MM-DD`), written as each language writes dates. */
  revokedOn: (date: string, reason: string): Text => ({
    'zh-CN': `已撤销：本证书自${writtenDate(date)['zh-CN']}起不再有效。撤销原因：${reason}`,
    en: `This certificate was revoked on ${writtenDate(date).en} and is no longer valid. Reason: ${reason}`,
  }),
  revokedBecause: (reason: string): Text => ({
    'zh-CN': `已撤销：本证书不再有效。撤销原因：${reason}`,
    en: `This certificate was revoked and is no longer valid. Reason: ${reason}`,
  }),
};
