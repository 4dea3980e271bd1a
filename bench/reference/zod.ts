/**
 * zod alone, as the functions use it: `zod/mini` with English messages (`z.config(en())` in
 * shared/domain/common.ts) and one route's schemas, those of the sessions function (path, query
 * and body, each `z.lazy`, built on first use as in a function). The first call builds them and
 * parses a path as malformed as the cold-start probe's (refused, with zod's messages), a query and
 * a valid body. Its cold start beside the empty bundle's is zod's share of a function's.
 */
import * as z from 'zod/mini';
import { CreateSessionInput, ListSessionsQuery, SessionIdPath } from '#shared/domain/sessions/schemas';

export const handler = async () => {
  const path = z.safeParse(SessionIdPath, { sessionId: 'not an id!' });
  const query = z.safeParse(ListSessionsQuery, { year: '2027', open: 'true', limit: '20' });
  const body = z.safeParse(CreateSessionInput, {
    title: '数字经济与人工智能高级研修班',
    startDate: '2027-06-20',
    endDate: '2027-06-24',
    registrationDeadline: '2027-06-10',
    capacity: 50,
    creditHours: 24,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
  });
  const ok = !path.success && path.error.issues.length > 0 && query.success && body.success;
  return { statusCode: ok ? 200 : 500, body: ok ? '{}' : JSON.stringify({ path, query, body }) };
};
