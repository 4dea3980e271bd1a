/** Refusals about registrations for sessions: enrolling, cancelling, attendance and results. */
import type { RegistrationStatus } from '#shared/domain/registrations/statuses';
import { REGISTRATION_STATUS_LABELS } from '../labels';
import { listed } from '../lists';
import type { Text } from '../text';

export const registrations = {
  notFound: (registrationId: string): Text => ({
    'zh-CN': `未找到报名记录 ${registrationId}`,
    en: `No registration ${registrationId}`,
  }),
  closed: (registrationDeadline: string): Text => ({
    'zh-CN': `报名已于 ${registrationDeadline} 截止`,
    en: `Registration closed on ${registrationDeadline}`,
  }),
  deadlinePassed: (): Text => ({
    'zh-CN': '已过，不再接受报名',
    en: 'The deadline has passed',
  }),
  profileRequired: (): Text => ({
    'zh-CN': '报名前请先填写个人信息（PUT /trainees/me）',
    en: 'Fill in your profile (PUT /trainees/me) before registering',
  }),
  alreadyRegistered: (): Text => ({
    'zh-CN': '您已报名该班次',
    en: 'You are already registered for this session',
  }),
  onePerTraineeAndSession: (): Text => ({
    'zh-CN': '每位学员每个班次只能报名一次',
    en: 'One registration per trainee and session',
  }),
  listOwnOnly: (): Text => ({
    'zh-CN': '学员只能查看本人的报名：请使用 mine=true',
    en: 'Trainees list their own registrations: mine=true',
  }),
  alreadyCancelled: (): Text => ({
    'zh-CN': '该报名已取消',
    en: 'This registration is already cancelled',
  }),
  cancelled: (): Text => ({ 'zh-CN': REGISTRATION_STATUS_LABELS.cancelled, en: 'Cancelled' }),
  resultRecorded: (): Text => ({
    'zh-CN': '已录入考核结果的报名不能取消',
    en: 'A registration with a recorded result cannot be cancelled',
  }),
  hasResult: (): Text => ({ 'zh-CN': '已录入考核结果', en: 'Result recorded' }),
  cancellationClosed: (startDate: string): Text => ({
    'zh-CN': `该班次已于 ${startDate} 开始，如需取消报名请联系主办单位`,
    en: `The session started on ${startDate}; ask its host`,
  }),
  cancelBeforeStart: (): Text => ({
    'zh-CN': '学员须在开始日期之前取消报名',
    en: 'Trainees cancel before the start date',
  }),
  sessionNotEnded: (endDate: string): Text => ({
    'zh-CN': `考核结果自班次最后一天（${endDate}）起方可录入`,
    en: `Results are recorded from ${endDate}, the last day`,
  }),
  notEndedYet: (): Text => ({ 'zh-CN': '班次尚未结束', en: 'The session has not ended yet' }),
  differentResult: (registrationId: string): Text => ({
    'zh-CN': `报名 ${registrationId} 已录入不同的考核结果`,
    en: `Registration ${registrationId} already has a different result`,
  }),
  resultsFinal: (): Text => ({
    'zh-CN': '考核结果一经录入不能更改',
    en: 'Results are final',
  }),
  notConfirmed: (registrationId: string, status: RegistrationStatus): Text => ({
    'zh-CN': `报名 ${registrationId} 的状态为“${REGISTRATION_STATUS_LABELS[status]}”，不是“${REGISTRATION_STATUS_LABELS.confirmed}”`,
    en: `Registration ${registrationId} is ${status}, not confirmed`,
  }),
  onlyConfirmedAssessed: (): Text => ({
    'zh-CN': `仅对“${REGISTRATION_STATUS_LABELS.confirmed}”的学员进行考核`,
    en: 'Only confirmed trainees are assessed',
  }),
  notOfSession: (sessionId: string, registrationIds: readonly string[]): Text => {
    const ids = listed(registrationIds);
    return {
      'zh-CN': `以下报名不属于班次 ${sessionId}：${ids['zh-CN']}`,
      en: `Not registrations of session ${sessionId}: ${ids.en}`,
    };
  },
  notOfThisSession: (): Text => ({
    'zh-CN': '不是本班次的报名',
    en: 'Not a registration of this session',
  }),
  notASessionDay: (date: string, startDate: string, endDate: string): Text => ({
    'zh-CN': `${date} 不在班次举办期间（${startDate} 至 ${endDate}）`,
    en: `${date} is not a day of the session (${startDate} to ${endDate})`,
  }),
  outsideSession: (): Text => ({ 'zh-CN': '不在班次举办期间', en: 'Outside the session' }),
  notHoldingSeats: (registrationIds: readonly string[]): Text => {
    const ids = listed(registrationIds);
    return {
      'zh-CN': `以下报名未占有名额：${ids['zh-CN']}`,
      en: `Not holding a seat: ${ids.en}`,
    };
  },
  seatlessCannotAttend: (): Text => ({
    'zh-CN': `“${REGISTRATION_STATUS_LABELS.waitlisted}”或“${REGISTRATION_STATUS_LABELS.cancelled}”的报名不能记录出勤`,
    en: 'Waitlisted or cancelled registrations cannot attend',
  }),
  duplicateInBatch: (): Text => ({
    'zh-CN': '同一批考核结果中，每个报名只能出现一次',
    en: 'Each registration appears once in a batch of results',
  }),
  duplicateRegistrationId: (): Text => ({
    'zh-CN': '报名编号重复',
    en: 'Duplicate registrationId',
  }),
  hostNotRegistered: (hostOrgId: string): Text => ({
    'zh-CN': `主办单位 ${hostOrgId} 尚未登记`,
    en: `The host organization ${hostOrgId} is not registered`,
  }),
};
