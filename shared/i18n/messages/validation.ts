/** Refusals of input that is not what the contract accepts (400). */
import { fieldLabel } from '../field-labels';
import { listed } from '../lists';
import type { Text } from '../text';

const PART: Record<'body' | 'query' | 'path', Text> = {
  body: { 'zh-CN': '请求内容', en: 'body' },
  query: { 'zh-CN': '查询参数', en: 'query' },
  path: { 'zh-CN': '路径参数', en: 'path' },
};

export const validation = {
  invalidInput: (where: keyof typeof PART, fields: readonly string[]): Text => {
    if (fields.length === 0)
      return { 'zh-CN': `${PART[where]['zh-CN']}有误`, en: `Invalid ${PART[where].en}` };
    const names = listed(fields, fieldLabel);
    return {
      'zh-CN': `${PART[where]['zh-CN']}有误：${names['zh-CN']}`,
      en: `Invalid ${PART[where].en}: ${names.en}`,
    };
  },
  unknownField: (): Text => ({ 'zh-CN': '不接受此字段', en: 'Unknown field' }),
  malformedJson: (): Text => ({ 'zh-CN': '请求内容不是有效的 JSON', en: 'The body is not valid JSON' }),
  nothingToChange: (): Text => ({
    'zh-CN': '没有要修改的内容：请至少提供一个字段',
    en: 'Nothing to change: send at least one field',
  }),
};
