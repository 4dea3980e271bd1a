/** Refusals of a request as such, before any rule of the program: who calls, how, and when. */
import type { Role } from '#shared/domain/roles';
import { ROLE_LABELS } from '../labels';
import type { Text } from '../text';

export const requests = {
  signIn: (): Text => ({
    'zh-CN': '请先登录：请求须携带有效的 Bearer 令牌',
    en: 'Sign in: send a valid Bearer token',
  }),
  needsRole: (roles: readonly Role[]): Text => ({
    'zh-CN': `此操作仅限${roles.map((role) => ROLE_LABELS[role]).join('、')}`,
    en: `This needs one of the roles: ${roles.join(', ')}`,
  }),
  noOrganization: (): Text => ({
    'zh-CN': '您的登录账号未关联任何单位（custom:orgId）',
    en: 'Your sign-in carries no organization (custom:orgId)',
  }),
  roleMayNot: (): Text => ({ 'zh-CN': '您的角色无权进行此操作', en: 'Your role may not do this' }),
  noRoute: (routeKey: string): Text => ({
    'zh-CN': `没有这个接口：${routeKey}`,
    en: `No route for ${routeKey}`,
  }),
  notFound: (): Text => ({ 'zh-CN': '未找到', en: 'Not found' }),
  badCursor: (): Text => ({
    'zh-CN': '翻页位置无效：请使用本列表返回的 nextCursor',
    en: 'The cursor is not one this list gave out',
  }),
  invalidCursor: (): Text => ({ 'zh-CN': '无效的翻页位置', en: 'Invalid cursor' }),
  changedMeanwhile: (): Text => ({
    'zh-CN': '其他人正在同时修改此项，请稍后重试',
    en: 'Others kept changing this at the same time; try again',
  }),
  idempotencyKeyMalformed: (maxLength: number): Text => ({
    'zh-CN': `Idempotency-Key 须为 1 至 ${maxLength} 个可打印 ASCII 字符`,
    en: `Idempotency-Key must be 1..${maxLength} printable ASCII characters`,
  }),
  invalidKey: (): Text => ({ 'zh-CN': '无效的键', en: 'Invalid key' }),
  idempotencyKeyReused: (): Text => ({
    'zh-CN': '此 Idempotency-Key 已用于内容不同的请求',
    en: 'This Idempotency-Key was used with a different body',
  }),
  idempotencyInProgress: (retryAfterSeconds: number): Text => ({
    'zh-CN': `使用此 Idempotency-Key 的请求仍在处理中，请在 ${retryAfterSeconds} 秒后用同一请求重试`,
    en: `A request with this Idempotency-Key is still running; send the same request again in ${retryAfterSeconds} s`,
  }),
  malformedEscape: (): Text => ({
    'zh-CN': '路径中有格式错误的 % 转义',
    en: 'The path has a malformed %-escape',
  }),
  payloadTooLarge: (maxBytes: number): Text => ({
    'zh-CN': `请求内容超过 ${maxBytes} 字节`,
    en: `The body is over ${maxBytes} bytes`,
  }),
  headersTooLarge: (): Text => ({
    'zh-CN': '请求行或请求头过长',
    en: 'The request line or headers are too large',
  }),
  unparsable: (): Text => ({ 'zh-CN': '无法解析该请求', en: 'The request could not be parsed' }),
  localServerFault: (): Text => ({
    'zh-CN': '本地服务器出现故障，请查看其输出',
    en: 'The local server failed; see its output',
  }),
  internal: (): Text => ({
    'zh-CN': '系统出现故障，已记录，请稍后重试',
    en: 'Something went wrong on our side; it has been logged',
  }),
};
