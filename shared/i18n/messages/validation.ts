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
  idCharacters: (): Text => ({
    'zh-CN': '编号只能包含字母、数字、“-”和“_”',
    en: 'An id has only letters, digits, "-" and "_"',
  }),
  yearDigits: (): Text => ({ 'zh-CN': '年度须为四位数字', en: 'A year is four digits' }),
  notEmpty: (): Text => ({ 'zh-CN': '不能为空', en: 'Must not be empty' }),
  atMostCharacters: (max: number): Text => ({
    'zh-CN': `不能超过 ${max} 个字符`,
    en: `At most ${max} characters`,
  }),
  notUnicode: (): Text => ({
    'zh-CN': '不是有效的 Unicode 文本（含有不成对的代理字符）',
    en: 'Not valid Unicode text: it holds half of a surrogate pair',
  }),
  mustBeTrue: (): Text => ({ 'zh-CN': '须为 true', en: 'Must be true' }),
  nothingToChange: (): Text => ({
    'zh-CN': '没有要修改的内容：请至少提供一个字段',
    en: 'Nothing to change: send at least one field',
  }),
};
