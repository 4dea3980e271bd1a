import * as z from 'zod/mini';
import * as MESSAGES from '#shared/i18n/messages';
import { schemaMessage } from '#shared/i18n/zod-issues';
import {
  booleanText,
  built,
  calendarDate,
  id,
  instant,
  issuesBy,
  page,
  pagination,
  programYearText,
  shortText,
} from '../common';
import { DIGITAL_FIELDS } from '../plans/catalog';
import { hasSomeField, isWellFormedText } from '../rules';
import { sessionDateIssues } from './date-order';
import { SESSION_MODES, SUBJECT_TYPES } from './kinds';
import { SEARCH_MAX_LENGTH, searchText } from './search-text';

const capacity = /* @__PURE__ */ z.lazy(() =>
  z
    .nullable(z.int().check(z.gte(1), z.lte(1_000_000)))
    .check(z.describe('Seats; null for unlimited (e.g. online courseware)')),
);
const creditHours = /* @__PURE__ */ z.lazy(() =>
  z
    .number()
    .check(
      z.positive(),
      z.lte(500),
      z.multipleOf(0.5),
      z.describe('Credit hours (学时) a pass awards, in steps of 0.5'),
    ),
);

const sessionFields = {
  title: /* @__PURE__ */ z.lazy(() => shortText(200)),
  startDate: calendarDate,
  endDate: calendarDate,
  registrationDeadline: /* @__PURE__ */ z.lazy(() =>
    calendarDate.check(z.describe('Last Beijing date on which trainees may register')),
  ),
  capacity: /* @__PURE__ */ z.lazy(() => z._default(capacity, null)),
  creditHours,
  subjectType: /* @__PURE__ */ z.lazy(() => z.enum(SUBJECT_TYPES)),
  mode: /* @__PURE__ */ z.lazy(() => z.enum(SESSION_MODES)),
  city: /* @__PURE__ */ z.lazy(() => shortText(50)),
  location: /* @__PURE__ */ z.lazy(() => z.optional(shortText(200))),
};

export const CreateSessionInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject(sessionFields)
    .check(issuesBy(sessionDateIssues))
    .register(z.globalRegistry, { id: 'CreateSessionInput' }),
);
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const UpdateSessionInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      title: z.optional(sessionFields.title),
      startDate: z.optional(calendarDate),
      endDate: z.optional(calendarDate),
      registrationDeadline: z.optional(calendarDate),
      capacity: z.optional(capacity),
      creditHours: z.optional(creditHours),
      mode: z.optional(sessionFields.mode),
      city: z.optional(sessionFields.city),
      location: sessionFields.location,
    })
    .check(z.refine(hasSomeField, { message: schemaMessage(MESSAGES.validation.nothingToChange()) }))
    .register(z.globalRegistry, { id: 'UpdateSessionInput' }),
);
export type UpdateSessionInput = z.infer<typeof UpdateSessionInput>;

export const SessionIdPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ sessionId: id }));

export const ListSessionsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: z.optional(programYearText),
      planId: z.optional(id),
      open: z
        .optional(booleanText)
        .check(z.describe('true: only sessions whose registration deadline is today or later')),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'ListSessionsQuery' }),
);
export type ListSessionsQuery = z.infer<typeof ListSessionsQuery>;

export const Session = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      planId: id,
      hostOrgId: id,
      hostName: z
        .string()
        .check(z.describe("The host organization's name, as the plan named it when the session was created")),
      year: z.int().check(z.describe("The plan's year")),
      title: z.string(),
      startDate: calendarDate,
      endDate: calendarDate,
      registrationDeadline: calendarDate,
      capacity: z.nullable(z.int()),
      creditHours: z.number(),
      subjectType: z.enum(SUBJECT_TYPES),
      mode: z.enum(SESSION_MODES),
      city: z.string(),
      location: z.optional(z.string()),
      seatsTaken: z.int().check(z.gte(0)),
      waitlistLength: z.int().check(z.gte(0)),
      createdAt: instant,
      updatedAt: instant,
      /** Bumped by every edit of the session's own fields (not by registrations), for optimistic locking. */
      version: z.int(),
    })
    .register(z.globalRegistry, { id: 'Session' }),
);
export type Session = z.infer<typeof Session>;

/** A session as stored: sessions created before names were kept lack `hostName` (../host-names). */
export const StoredSession = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(Session), { hostName: z.optional(z.string()) }),
);
export type StoredSession = z.infer<typeof StoredSession>;

export const SessionPage = /* @__PURE__ */ z.lazy(() => page(Session, 'SessionPage'));

/** `?q=`: part of a title, compared as `searchText` has it; blank is no search. */
const searchQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .pipe(
      z
        .string()
        .check(
          z.maxLength(
            SEARCH_MAX_LENGTH,
            schemaMessage(MESSAGES.validation.atMostCharacters(SEARCH_MAX_LENGTH)),
          ),
          z.refine(isWellFormedText, schemaMessage(MESSAGES.validation.notUnicode())),
        ),
      z.transform(searchText),
    )
    .check(
      z.describe(
        'Part of the title (数字 finds 数字经济高级研修班); full-width and upper-case letters match their plain lower-case forms; blank searches nothing',
      ),
    ),
);

export const PublicSessionsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: z
        .optional(programYearText)
        .check(z.describe("The plans' program year; the current year (Beijing) when omitted")),
      city: z
        .optional(shortText(50))
        .check(z.describe('Where the session is held; 南宁 and 南宁市 are one city')),
      field: z.optional(z.enum(DIGITAL_FIELDS)).check(z.describe("The digital field of the session's plan")),
      subjectType: z.optional(z.enum(SUBJECT_TYPES)),
      mode: z.optional(z.enum(SESSION_MODES)),
      open: z
        .optional(booleanText)
        .check(
          z.describe(
            'true: only sessions whose registration deadline is today or later; false: only those past it',
          ),
        ),
      q: z.optional(searchQuery),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'PublicSessionsQuery' }),
);
export type PublicSessionsQuery = z.infer<typeof PublicSessionsQuery>;

/** A session as the public course catalogue lists it (./catalogue.ts). */
export const CatalogueSession = /* @__PURE__ */ z.lazy(() =>
  z
    .extend(
      z.pick(built(Session), {
        id: true,
        title: true,
        planId: true,
        hostOrgId: true,
        hostName: true,
        startDate: true,
        endDate: true,
        registrationDeadline: true,
        city: true,
        location: true,
        mode: true,
        subjectType: true,
        creditHours: true,
        capacity: true,
      }),
      {
        seatsLeft: z
          .nullable(z.int().check(z.gte(0)))
          .check(z.describe('Seats still free; null when the session takes everyone')),
        open: z.boolean().check(z.describe('The registration deadline is today or later (Beijing)')),
      },
    )
    .register(z.globalRegistry, { id: 'CatalogueSession' }),
);
export type CatalogueSession = z.infer<typeof CatalogueSession>;

export const CatalogueSessionPage = /* @__PURE__ */ z.lazy(() =>
  page(CatalogueSession, 'CatalogueSessionPage'),
);
