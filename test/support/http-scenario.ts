/** Common set-ups driven over HTTP as a client would: a host with a published plan and a session. */
import { beijingDate } from '#shared/domain/dates';
import type { ApiClient } from './api-client';
import { addDays, idNumberFor } from './fixtures';

export interface ScenarioOptions {
  hostName?: string;
  capacity?: number | null;
  creditHours?: number;
  sessionTitle?: string;
  /**
   * A one-day session held today (deadline today): results may be recorded at once, as they may
   * only from a session's end date. Otherwise it starts in ten days.
   */
  heldToday?: boolean;
}

/** Registers a host organization, gets a plan published for it and adds one session. */
export async function publishedSession(
  anonymous: ApiClient,
  admin: ApiClient,
  options: ScenarioOptions = {},
) {
  const today = beijingDate(new Date());
  const org = await admin.post('/organizations', {
    name: options.hostName ?? '测试承办单位',
    kind: 'host',
    city: '南宁',
  });
  const host = await anonymous.as(`host-of-${org.body.id}`, 'host', org.body.id);
  const plan = await host.post('/plans', {
    year: Number(today.slice(0, 4)),
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
  const session = await host.post(`/plans/${plan.body.id}/sessions`, {
    title: options.sessionTitle ?? '专业科目班次',
    ...(options.heldToday
      ? { startDate: today, endDate: today, registrationDeadline: today }
      : {
          startDate: addDays(today, 10),
          endDate: addDays(today, 11),
          registrationDeadline: addDays(today, 5),
        }),
    capacity: options.capacity === undefined ? 50 : options.capacity,
    creditHours: options.creditHours ?? 8,
    subjectType: 'professional',
    mode: 'online',
    city: '南宁',
  });
  if (session.status !== 201) throw new Error(`Could not set up a session: ${JSON.stringify(session.body)}`);
  return {
    orgId: org.body.id as string,
    host,
    planId: plan.body.id as string,
    sessionId: session.body.id as string,
  };
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
