/** Refusals about the sessions (培训班次) of a published plan: their dates, seats and hosts. */
import type { PlanStatus } from '#shared/domain/plans/statuses';
import { PLAN_STATUS_LABELS } from '../labels';
import type { Text } from '../text';

export const sessions = {
  notFound: (sessionId: string): Text => ({
    'zh-CN': `未找到培训班次 ${sessionId}`,
    en: `No session ${sessionId}`,
  }),
  hostOnly: (): Text => ({
    'zh-CN': '仅该班次的主办单位可以修改此班次',
    en: 'Only the host organization of this session may change it',
  }),
  planNotPublished: (status: PlanStatus): Text => ({
    'zh-CN': `只能为已公示的计划添加班次；该计划当前状态为“${PLAN_STATUS_LABELS[status]}”`,
    en: `Sessions are added to published plans; this one is ${status}`,
  }),
  notPublishedYet: (): Text => ({ 'zh-CN': '尚未公示', en: 'Not published yet' }),
  outsidePlanYear: (planYear: number): Text => ({
    'zh-CN': `${planYear} 年度计划的班次须在 ${planYear} 年内举办`,
    en: `A session of a ${planYear} plan is held in ${planYear}`,
  }),
  inPlanYear: (planYear: number): Text => ({
    'zh-CN': `须在计划所属的 ${planYear} 年内`,
    en: `Must lie in ${planYear}, the plan's year`,
  }),
  deadlinePassed: (registrationDeadline: string): Text => ({
    'zh-CN': `报名截止日期 ${registrationDeadline} 已过`,
    en: `The registration deadline ${registrationDeadline} has passed`,
  }),
  todayOrLater: (): Text => ({
    'zh-CN': '须为今天或以后的日期（北京时间）',
    en: 'Today or later (Beijing date)',
  }),
  onlineDeadlineAfterEnd: (): Text => ({
    'zh-CN': '线上班次不能晚于结束日期',
    en: 'The registration deadline of an online session must be on or before the end date',
  }),
  deadlineAfterStart: (): Text => ({
    'zh-CN': '不能晚于开始日期',
    en: 'The registration deadline must be on or before the start date',
  }),
  endBeforeStart: (): Text => ({
    'zh-CN': '不能早于开始日期',
    en: 'The end date must be on or after the start date',
  }),
  capacityBelowSeatsTaken: (capacity: number, seatsTaken: number): Text => ({
    'zh-CN': `名额 ${capacity} 少于已占用的 ${seatsTaken} 个名额`,
    en: `Capacity ${capacity} is below the ${seatsTaken} seats already taken`,
  }),
  atLeastSeatsTaken: (seatsTaken: number): Text => ({
    'zh-CN': `不能少于已占用的 ${seatsTaken} 个名额`,
    en: `At least ${seatsTaken}, the seats already taken`,
  }),
  hasRegistrations: (): Text => ({
    'zh-CN': '已有学员按现有学时和年度报名，学时和结束年度不能再更改',
    en: 'Trainees have registered under these hours and this year',
  }),
  fixedOnceRegistered: (): Text => ({
    'zh-CN': '已有学员报名后不能更改',
    en: 'Fixed once anyone has registered',
  }),
};
