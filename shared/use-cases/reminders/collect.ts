/**
 * The reminders of one day: the due items written beside sessions for that date, and the yearly
 * calendar ones. The work grows with what is due that day: a session's roster is read only on the
 * days its reminders fall, never the registrations at large.
 */
import { adminEmail } from '#shared/config/app';
import { creditRequirement } from '#shared/config/credits';
import type { Organization } from '#shared/domain/organizations/schemas';
import { waitlistPlaces } from '#shared/domain/registrations/waitlist';
import type { ReminderMessage, SessionHost } from '#shared/domain/reminders/message';
import {
  ANNUAL_REPORT_DUE,
  type CalendarReminder,
  calendarReminders,
  type DueItem,
  stillDue,
} from '#shared/domain/reminders/schedule';
import type { Session } from '#shared/domain/sessions/schemas';
import { summarizeCredits } from '#shared/domain/trainees/ledger';
import { logger } from '#shared/http/logger';
import { annualReportFiled } from '#shared/store/annual-reports';
import { ledgerEntries } from '#shared/store/ledger';
import { getOrganization, listOrganizations } from '#shared/store/organizations';
import { registrationsOfSession } from '#shared/store/registrations';
import { dueOn } from '#shared/store/reminders';
import { getSession } from '#shared/store/sessions';
import { allTraineeProfiles, getTraineeProfiles } from '#shared/store/trainees';

const sessionHost = (org: Organization): SessionHost => ({
  name: org.name,
  ...(org.contactEmail ? { contactEmail: org.contactEmail } : {}),
});

const place = (session: Session) => (session.location ? `${session.city} ${session.location}` : session.city);

async function sessionReminders(item: DueItem, today: string): Promise<ReminderMessage[]> {
  const session = await getSession(item.sessionId);
  // A session whose dates moved left this item behind: its new items fire on their own days.
  const offset = session ? stillDue(item.kind, session, today) : undefined;
  if (!session || offset === undefined) return [];
  if (item.kind === 'results-overdue') {
    if ((await registrationsOfSession(session.id, 'confirmed')).length === 0) return [];
    const host = await getOrganization(session.hostOrgId);
    if (!host?.contactEmail) {
      logger.warn('no contact email for a results reminder', {
        orgId: session.hostOrgId,
        sessionId: session.id,
      });
      return [];
    }
    return [
      {
        kind: 'results-overdue',
        to: host.contactEmail,
        dueDate: today,
        person: host.id,
        subject: session.id,
        data: {
          orgName: host.name,
          sessionTitle: session.title,
          endDate: session.endDate,
          sessionId: session.id,
        },
      },
    ];
  }
  const status = item.kind === 'session-starting' ? 'confirmed' : 'waitlisted';
  const registrations = await registrationsOfSession(session.id, status);
  if (registrations.length === 0) return [];
  // Read once for the whole roster: every mail names the host and its contact.
  const [profiles, hostOrg] = await Promise.all([
    getTraineeProfiles(registrations.map((registration) => registration.traineeId)),
    getOrganization(session.hostOrgId),
  ]);
  const host = hostOrg ? sessionHost(hostOrg) : undefined;
  // Those still waiting now: a place counts only them, not those promoted or gone since joining.
  const placeOf = waitlistPlaces(
    registrations.flatMap((registration) => registration.waitlistPosition ?? []),
  );
  return registrations.flatMap((registration): ReminderMessage[] => {
    const profile = profiles.get(registration.traineeId);
    if (!profile) return [];
    const common = {
      to: profile.email,
      dueDate: today,
      person: registration.traineeId,
      subject: `${session.id}#${offset}`,
    };
    return item.kind === 'session-starting'
      ? [
          {
            ...common,
            kind: 'session-starting',
            data: {
              traineeName: profile.name,
              sessionTitle: session.title,
              startDate: session.startDate,
              endDate: session.endDate,
              place: place(session),
              daysBefore: offset,
              registrationId: registration.id,
              ...(host ? { host } : {}),
            },
          },
        ]
      : [
          {
            ...common,
            kind: 'waitlist-deadline',
            data: {
              traineeName: profile.name,
              sessionTitle: session.title,
              registrationDeadline: session.registrationDeadline,
              waitlistPlace: placeOf(registration.waitlistPosition ?? 0),
              registrationId: registration.id,
              ...(host ? { host } : {}),
            },
          },
        ];
  });
}

async function activeBases(): Promise<Organization[]> {
  const bases: Organization[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrganizations({ kind: 'base', limit: 200, cursor });
    bases.push(...page.items.filter((base) => base.status !== 'exited'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return bases;
}

async function annualReportReminders(reminder: CalendarReminder, today: string): Promise<ReminderMessage[]> {
  if (reminder.kind === 'credit-shortfall') return [];
  const dueDate = `${reminder.year}-${ANNUAL_REPORT_DUE}`;
  const messages: ReminderMessage[] = [];
  for (const base of await activeBases()) {
    if (await annualReportFiled(base.id, reminder.year)) continue;
    const subject = `${base.id}#${reminder.year}`;
    if (reminder.kind === 'annual-report-due') {
      if (!base.contactEmail) continue;
      messages.push({
        kind: 'annual-report-due',
        to: base.contactEmail,
        dueDate: today,
        person: base.id,
        subject,
        data: {
          orgName: base.name,
          year: reminder.year,
          dueDate,
          daysLeft: reminder.daysLeft,
          orgId: base.id,
        },
      });
      continue;
    }
    const data = { orgName: base.name, year: reminder.year, dueDate, orgId: base.id };
    if (base.contactEmail) {
      messages.push({
        kind: 'annual-report-overdue',
        to: base.contactEmail,
        dueDate: today,
        person: base.id,
        subject,
        data: { ...data, toAdmin: false },
      });
    }
    const admin = adminEmail();
    if (admin) {
      messages.push({
        kind: 'annual-report-overdue',
        to: admin,
        dueDate: today,
        person: 'admin',
        subject,
        data: { ...data, toAdmin: true },
      });
    }
  }
  return messages;
}

async function creditShortfallReminders(year: number, today: string): Promise<ReminderMessage[]> {
  const requirement = creditRequirement();
  const messages: ReminderMessage[] = [];
  for await (const profile of allTraineeProfiles()) {
    const credits = summarizeCredits(year, await ledgerEntries(profile.traineeId, year), requirement);
    if (credits.met) continue;
    messages.push({
      kind: 'credit-shortfall',
      to: profile.email,
      dueDate: today,
      person: profile.traineeId,
      subject: String(year),
      data: {
        traineeName: profile.name,
        year,
        total: credits.total,
        professional: credits.professional,
        requiredTotal: credits.requiredTotal,
        requiredProfessional: credits.requiredProfessional,
      },
    });
  }
  return messages;
}

export interface DayOfReminders {
  today: string;
  dueItems: number;
  messages: ReminderMessage[];
}

export async function remindersOf(today: string): Promise<DayOfReminders> {
  const items = await dueOn(today);
  const messages: ReminderMessage[] = [];
  for (const item of items) messages.push(...(await sessionReminders(item, today)));
  for (const reminder of calendarReminders(today)) {
    messages.push(
      ...(reminder.kind === 'credit-shortfall'
        ? await creditShortfallReminders(reminder.year, today)
        : await annualReportReminders(reminder, today)),
    );
  }
  return { today, dueItems: items.length, messages };
}
