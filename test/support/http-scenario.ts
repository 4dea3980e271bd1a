/** Common set-ups driven over HTTP as a client would: a host with a published plan and a session. */
import type { ApiClient } from './api-client';
import { idNumberFor } from './fixtures';
import { sessionWindow } from './session-window';

export interface ScenarioOptions {
  hostName?: string;
  capacity?: number | null;
  creditHours?: number;
  sessionTitle?: string;
  /**
   * A one-day session held today (deadline today): results may be recorded at once, as they may
   * only from a session's end date. Otherwise it starts in ten days (on 1 January when that
   * session would straddle the year end), and the plan is of the year it is held in.
   */
  heldToday?: boolean;
}

/** Registers a host organization, gets a plan published for it and adds one session. */
export async function publishedSession(
  anonymous: ApiClient,
  admin: ApiClient,
  options: ScenarioOptions = {},
) {
  const { year, ...dates } = sessionWindow(
    options.heldToday ? { deadlineIn: 0, startIn: 0, endIn: 0 } : { deadlineIn: 5, startIn: 10, endIn: 11 },
  );
  const org = await admin.post('/organizations', {
    name: options.hostName ?? '测试承办单位',
    kind: 'host',
    city: '南宁',
  });
  const host = await anonymous.as(`host-of-${org.body.id}`, 'host', org.body.id);
  const planId = await publishedPlan(host, admin, year);
  const session = await host.post(`/plans/${planId}/sessions`, {
    title: options.sessionTitle ?? '专业科目班次',
    ...dates,
    capacity: options.capacity === undefined ? 50 : options.capacity,
    creditHours: options.creditHours ?? 8,
    subjectType: 'professional',
    mode: 'online',
    city: '南宁',
  });
  if (session.status !== 201) throw new Error(`Could not set up a session: ${JSON.stringify(session.body)}`);
  return {
    /** The plan's year, the one the session is held in. */
    year,
    orgId: org.body.id as string,
    host,
    planId,
    sessionId: session.body.id as string,
  };
}

/** A plan of `year` that `host` drafts and submits and `admin` approves and publishes; its id. */
export async function publishedPlan(host: ApiClient, admin: ApiClient, year: number): Promise<string> {
  const plan = await host.post('/plans', {
    year,
    project: 'capability',
    level: 'regional',
    category: 'professional',
    title: '专业科目培训计划',
    plannedSessions: 1,
    plannedTrainees: 100,
    budget: { subsidyCapFen: 0, selfFundedFen: 0 },
  });
  await host.post(`/plans/${plan.body.id}/submit`);
  await admin.post(`/plans/${plan.body.id}/review`, { decision: 'approve' });
  await admin.post(`/plans/${plan.body.id}/publish`);
  return plan.body.id as string;
}

/** A signed-in trainee with a profile. */
export async function traineeWithProfile(anonymous: ApiClient, n: number, name = `学员${n}`) {
  const trainee = await anonymous.as(`trainee-${n}-${Math.random().toString(36).slice(2, 6)}`, 'trainee');
  const answer = await trainee.request('PUT', '/trainees/me', {
    body: { name, idNumber: idNumberFor(n), employer: '某单位', city: '南宁', email: `t${n}@example.cn` },
  });
  if (answer.status !== 200) throw new Error(`Could not save a profile: ${JSON.stringify(answer.body)}`);
  return trainee;
}
