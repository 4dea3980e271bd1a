import * as z from 'zod';
import {
  calendarDate,
  fen,
  id,
  instant,
  longText,
  page,
  pagination,
  programYear,
  programYearText,
  shortText,
} from '../common';
import { CATEGORIES, PLAN_LEVELS, PROJECTS } from './catalog';
import { planConsistencyIssues } from './consistency';
import { PLAN_STATUSES } from './workflow';

const project = z.enum(PROJECTS).describe('One of the four projects of the program');
const level = z.enum(PLAN_LEVELS).describe('National or regional (自治区级)');
const category = z.enum(CATEGORIES).describe('Must match the project (see the domain rules)');
const status = z.enum(PLAN_STATUSES);

export const Budget = z
  .strictObject({
    subsidyCapFen: fen.describe(
      'Public subsidy cap: spending is reimbursed at cost up to this (限额内实报实销)',
    ),
    selfFundedFen: fen.describe("The host's own funding (单位自筹)"),
  })
  .meta({ id: 'Budget' });

const planContent = {
  project,
  level,
  category,
  title: shortText(200),
  summary: longText(5000).optional(),
  field: shortText(100)
    .optional()
    .describe('Field of the plan; one of the ten digital fields for digital-engineer'),
  plannedSessions: z.int().min(1).max(10_000),
  plannedTrainees: z.int().min(1).max(10_000_000),
  budget: Budget,
};

export const CreatePlanInput = z
  .strictObject({
    year: programYear,
    ...planContent,
    hostOrgId: id.optional().describe("The host unit (承办单位); defaults to the caller's organization"),
    departmentId: id.optional().describe('The co-organizing department, if any'),
  })
  .superRefine((plan, ctx) => {
    for (const issue of planConsistencyIssues(plan)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .meta({ id: 'CreatePlanInput' });
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;

/** Content only: status moves by the workflow routes, never by PATCH. */
export const UpdatePlanInput = z
  .strictObject({
    year: programYear.optional(),
    project: project.optional(),
    level: level.optional(),
    category: category.optional(),
    title: planContent.title.optional(),
    summary: planContent.summary,
    field: planContent.field,
    plannedSessions: planContent.plannedSessions.optional(),
    plannedTrainees: planContent.plannedTrainees.optional(),
    budget: Budget.optional(),
    departmentId: id.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change: send at least one field' })
  .meta({ id: 'UpdatePlanInput' });
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;

export const REVIEW_DECISIONS = ['approve', 'reject', 'return'] as const;
export const ReviewPlanInput = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    comment: longText(2000).optional(),
  })
  .superRefine((review, ctx) => {
    if (review.decision !== 'approve' && !review.comment) {
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: `A ${review.decision} needs a comment saying why`,
      });
    }
  })
  .meta({ id: 'ReviewPlanInput' });
export type ReviewPlanInput = z.infer<typeof ReviewPlanInput>;

export const PlanIdPath = z.strictObject({ planId: id });

export const ListPlansQuery = z
  .strictObject({
    year: programYearText.optional(),
    status: status.optional(),
    project: project.optional(),
    ...pagination,
  })
  .meta({ id: 'ListPlansQuery' });
export type ListPlansQuery = z.infer<typeof ListPlansQuery>;

export const PublicPlansQuery = z
  .strictObject({ year: programYearText.optional(), project: project.optional(), ...pagination })
  .meta({ id: 'PublicPlansQuery' });
export type PublicPlansQuery = z.infer<typeof PublicPlansQuery>;

export const HistoryEntry = z
  .object({
    at: instant,
    by: z.string().describe('User id of who moved the plan'),
    from: status.nullable().describe('null for the creation of the draft'),
    to: status,
    comment: z.string().optional(),
  })
  .meta({ id: 'PlanHistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Plan = z
  .object({
    id,
    year: z.int(),
    project,
    level,
    category,
    title: z.string(),
    summary: z.string().optional(),
    field: z.string().optional(),
    hostOrgId: id,
    departmentId: id.optional(),
    plannedSessions: z.int(),
    plannedTrainees: z.int(),
    budget: Budget,
    status,
    spentFen: fen.describe('Spending recorded so far'),
    reimbursableFen: fen.describe('min(spentFen, subsidyCapFen): what public money reimburses'),
    shortfallFen: fen.describe('spentFen − reimbursableFen: borne by the host'),
    history: z.array(HistoryEntry),
    createdBy: z.string(),
    createdAt: instant,
    updatedAt: instant,
    publishedAt: instant.optional(),
    /** Bumped by every write, for optimistic locking. */
    version: z.int(),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

/** What the public notice (公示) shows of a published plan. */
export const PublicPlan = Plan.pick({
  id: true,
  year: true,
  project: true,
  level: true,
  category: true,
  title: true,
  summary: true,
  field: true,
  hostOrgId: true,
  departmentId: true,
  plannedSessions: true,
  plannedTrainees: true,
  publishedAt: true,
}).meta({ id: 'PublicPlan' });
export type PublicPlan = z.infer<typeof PublicPlan>;

export const PlanPage = page(Plan, 'PlanPage');
export const PublicPlanPage = page(PublicPlan, 'PublicPlanPage');

export const RecordExpenseInput = z
  .strictObject({
    amountFen: z.int().min(1).max(10_000_000_000).describe('Integer number of fen, > 0'),
    description: shortText(500),
    date: calendarDate,
  })
  .meta({ id: 'RecordExpenseInput' });
export type RecordExpenseInput = z.infer<typeof RecordExpenseInput>;

export const Expense = z
  .object({
    id,
    planId: id,
    amountFen: z.int(),
    description: z.string(),
    date: calendarDate,
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'Expense' });
export type Expense = z.infer<typeof Expense>;

export const ExpenseRecorded = Expense.extend({
  totals: Plan.pick({ spentFen: true, reimbursableFen: true, shortfallFen: true }),
}).meta({ id: 'ExpenseRecorded' });
