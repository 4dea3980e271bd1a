/** Refusals about a session's roster (the list of its trainees for the national system). */
import { ROLE_LABELS } from '../labels';
import type { Text } from '../text';

export const rosters = {
  readersOnly: (): Text => ({
    'zh-CN': `仅该班次的主办单位、协办的${ROLE_LABELS.department}、主办单位所在市的${ROLE_LABELS.city}和${ROLE_LABELS.admin}可查看其花名册`,
    en: "Only the session's host organization, its plan's co-organizing department, the city bureau of the host's city and admin see its roster",
  }),
  nationalHostOrAdminOnly: (): Text => ({
    'zh-CN': `仅该班次的主办单位和${ROLE_LABELS.admin}可导出含完整身份证号码的国家平台学员名单；其他单位请查看脱敏花名册`,
    en: "Only the session's host organization and admin export the national platform roster with full ID numbers; others read the masked roster",
  }),
};
