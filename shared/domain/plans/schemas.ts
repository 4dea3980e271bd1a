import * as z from 'zod/mini';
import * as MESSAGES from '#shared/i18n/messages';
import { schemaMessage } from '#shared/i18n/zod-issues';
import {
  built,
  calendarDate,
  fen,
  id,
  instant,
  issuesBy,
  longText,
  page,
  pagination,
  programYear,
  programYearText,
  shortText,
} from '../common';
import { hasSomeField } from '../rules';
import { CATEGORIES, PLAN_LEVELS, PROJECTS } from './catalog';
import { planConsistencyIssues } from './consistency';
import { PLAN_STATUSES } from './statuses';
import { reviewCommentIssues } from './workflow';

const project = /* @__PURE__ */ z.lazy(() =>
  z.enum(PROJECTS).check(z.describe('One of the four projects of the program')),
);
const level = /* @__PURE__ */ z.lazy(() =>
  z.enum(PLAN_LEVELS).check(z.describe('National or regional (自治区级)')),
);
const category = /* @__PURE__ */ z.lazy(() =>
  z.enum(CATEGORIES).check(z.describe('Must match the project (see the domain rules)')),
);
const status = /* @__PURE__ */ z.lazy(() => z.enum(PLAN_STATUSES));

export const Budget = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      subsidyCapFen: fen.check(
        z.describe('Public subsidy cap: spending is reimbursed at cost up to this (限额内实报实销)'),
      ),
      selfFundedFen: fen.check(z.describe("The host's own funding (单位自筹)")),
    })
    .register(z.globalRegistry, { id: 'Budget' }),
);

const planContent = {
  project,
  level,
  category,
  title: /* @__PURE__ */ z.lazy(() => shortText(200)),
  summary: /* @__PURE__ */ z.lazy(() => z.optional(longText(5000))),
  field: /* @__PURE__ */ z.lazy(() =>
    z
      .optional(shortText(100))
      .check(z.describe('Field of the plan; one of the ten digital fields for digital-engineer')),
  ),
  plannedSessions: /* @__PURE__ */ z.lazy(() => z.int().check(z.gte(1), z.lte(10_000))),
  plannedTrainees: /* @__PURE__ */ z.lazy(() => z.int().check(z.gte(1), z.lte(10_000_000))),
  budget: Budget,
};

export const CreatePlanInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: programYear,
      ...planContent,
      hostOrgId: z
        .optional(id)
        .check(z.describe("The host unit (承办单位); defaults to the caller's organization")),
      departmentId: z.optional(id).check(z.describe('The co-organizing department, if any')),
    })
    .check(issuesBy(planConsistencyIssues))
    .register(z.globalRegistry, { id: 'CreatePlanInput' }),
);
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;

/** Content only: status moves by the workflow routes, never by PATCH. */
export const UpdatePlanInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: z.optional(programYear),
      project: z.optional(project),
      level: z.optional(level),
      category: z.optional(category),
      title: z.optional(planContent.title),
      summary: planContent.summary,
      field: planContent.field,
      plannedSessions: z.optional(planContent.plannedSessions),
      plannedTrainees: z.optional(planContent.plannedTrainees),
      budget: z.optional(Budget),
      departmentId: z.optional(id),
    })
    .check(z.refine(hasSomeField, { message: schemaMessage(MESSAGES.validation.nothingToChange()) }))
    .register(z.globalRegistry, { id: 'UpdatePlanInput' }),
);
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;

export const REVIEW_DECISIONS = ['approve', 'reject', 'return'] as const;
export const ReviewPlanInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      decision: z.enum(REVIEW_DECISIONS),
      comment: z.optional(longText(2000)),
    })
    .check(issuesBy(reviewCommentIssues))
    .register(z.globalRegistry, { id: 'ReviewPlanInput' }),
);
export type ReviewPlanInput = z.infer<typeof ReviewPlanInput>;

export const PlanIdPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ planId: id }));

export const ListPlansQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: z.optional(programYearText),
      status: z.optional(status),
      project: z.optional(project),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'ListPlansQuery' }),
);
export type ListPlansQuery = z.infer<typeof ListPlansQuery>;

export const PublicPlansQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({ year: z.optional(programYearText), project: z.optional(project), ...pagination })
    .register(z.globalRegistry, { id: 'PublicPlansQuery' }),
);
export type PublicPlansQuery = z.infer<typeof PublicPlansQuery>;

export const HistoryEntry = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      at: instant,
      by: z.string().check(z.describe('User id of who moved the plan')),
      byName: z
        .string()
        .check(
          z.describe(
            "The name of who moved the plan, from their sign-in's `name` claim; their user id when it carries none",
          ),
        ),
      from: z.nullable(status).check(z.describe('null for the creation of the draft')),
      to: status,
      comment: z.optional(z.string()),
    })
    .register(z.globalRegistry, { id: 'PlanHistoryEntry' }),
);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Plan = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      year: z.int(),
      project,
      level,
      category,
      title: z.string(),
      summary: z.optional(z.string()),
      field: z.optional(z.string()),
      hostOrgId: id,
      hostName: z
        .string()
        .check(z.describe("The host organization's name when the plan was last drafted or edited")),
      departmentId: z.optional(id),
      departmentName: z.optional(
        z.string().check(z.describe("The co-organizing department's name, beside `departmentId`")),
      ),
      plannedSessions: z.int(),
      plannedTrainees: z.int(),
      budget: Budget,
      status,
      spentFen: fen.check(z.describe('Spending recorded so far')),
      reimbursableFen: fen.check(z.describe('min(spentFen, subsidyCapFen): what public money reimburses')),
      shortfallFen: fen.check(z.describe('spentFen − reimbursableFen: borne by the host')),
      history: z.array(HistoryEntry),
      createdBy: z.string(),
      createdAt: instant,
      updatedAt: instant,
      publishedAt: z.optional(instant),
      /** Bumped by every write, for optimistic locking. */
      version: z.int(),
    })
    .register(z.globalRegistry, { id: 'Plan' }),
);
export type Plan = z.infer<typeof Plan>;

/**
 * A plan as stored: plans written before names were kept beside ids lack `hostName`,
 * `departmentName` and the history's `byName`; reading fills them in (./names).
 */
export const StoredPlan = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(Plan), {
    hostName: z.optional(z.string()),
    history: z.array(z.extend(built(HistoryEntry), { byName: z.optional(z.string()) })),
  }),
);
export type StoredPlan = z.infer<typeof StoredPlan>;

/** What the public notice (公示) shows of a published plan. */
export const PublicPlan = /* @__PURE__ */ z.lazy(() =>
  z
    .pick(built(Plan), {
      id: true,
      year: true,
      project: true,
      level: true,
      category: true,
      title: true,
      summary: true,
      field: true,
      hostOrgId: true,
      hostName: true,
      departmentId: true,
      departmentName: true,
      plannedSessions: true,
      plannedTrainees: true,
      publishedAt: true,
    })
    .register(z.globalRegistry, { id: 'PublicPlan' }),
);
export type PublicPlan = z.infer<typeof PublicPlan>;

/** One plan as its reader may see it: whole for its parties, the public notice for anyone else. */
export const PlanView = /* @__PURE__ */ z.lazy(() =>
  z.union([Plan, PublicPlan]).register(z.globalRegistry, {
    id: 'PlanView',
    description:
      'The whole plan for its host organization, co-organizing department and admin; the public notice (as GET /public/plans lists it) for anyone else',
  }),
);

/** A page of plans, each as the caller may see it (a plan of others in its public view). */
export const PlanPage = /* @__PURE__ */ z.lazy(() => page(PlanView, 'PlanPage'));
export const PublicPlanPage = /* @__PURE__ */ z.lazy(() => page(PublicPlan, 'PublicPlanPage'));

export const RecordExpenseInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      amountFen: z.int().check(z.gte(1), z.lte(10_000_000_000), z.describe('Integer number of fen, > 0')),
      description: shortText(500),
      date: calendarDate,
    })
    .register(z.globalRegistry, { id: 'RecordExpenseInput' }),
);
export type RecordExpenseInput = z.infer<typeof RecordExpenseInput>;

export const Expense = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      planId: id,
      amountFen: z.int(),
      description: z.string(),
      date: calendarDate,
      recordedBy: z.string(),
      recordedAt: instant,
    })
    .register(z.globalRegistry, { id: 'Expense' }),
);
export type Expense = z.infer<typeof Expense>;

export const ExpenseRecorded = /* @__PURE__ */ z.lazy(() =>
  z
    .extend(built(Expense), {
      totals: z.pick(built(Plan), { spentFen: true, reimbursableFen: true, shortfallFen: true }),
    })
    .register(z.globalRegistry, { id: 'ExpenseRecorded' }),
);

export const ListExpensesQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ ...pagination }).register(z.globalRegistry, { id: 'ListExpensesQuery' }),
);
export type ListExpensesQuery = z.infer<typeof ListExpensesQuery>;

/** A plan's expenses, newest first: by the date spent, then by when they were recorded. */
export const ExpensePage = /* @__PURE__ */ z.lazy(() => page(Expense, 'ExpensePage'));
