/** Refusals of a city bureau (市级人社部门) whose sign-in does not name a city bureau. */
import { ORGANIZATION_KIND_LABELS } from '../labels';
import type { Text } from '../text';

export const cities = {
  notACityBureau: (orgId: string): Text => ({
    'zh-CN': `您的登录账号所属单位（${orgId}）不是已登记的${ORGANIZATION_KIND_LABELS['city-bureau']}，无法确定您负责的城市`,
    en: `Your sign-in's organization (${orgId}) is not a registered city bureau, so the city you oversee is unknown`,
  }),
};
