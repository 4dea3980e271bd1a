/**
 * The roster the national platform takes (国家专业技术人才知识更新工程公共服务平台): every trainee
 * who completed a session, with the FULL ID number the platform matches people by. Only the
 * session's host organization and admin export it, and each export is recorded in the audit trail
 * (../audit); everyone else reads the masked roster (./roster.ts). The CSV and XLSX forms are built
 * in shared/rosters, like the masked roster's.
 */
import { PROJECT_LABELS } from '#shared/i18n/labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import type { AuditFact } from '../audit/audit';
import type { Certificate } from '../certificates/schemas';
import { forbidden } from '../errors';
import { ownsPlan } from '../plans/access';
import type { Project } from '../plans/catalog';
import type { Registration } from '../registrations/schemas';
import type { Session } from '../sessions/schemas';
import type { TraineeProfile } from '../trainees/schemas';
import type { RosterCell, RosterFileName, RosterFormat } from './roster';

/** Column headers in Chinese, in the order of the platform's upload template. */
export const NATIONAL_ROSTER_HEADERS = [
  '序号',
  '姓名',
  '证件类型',
  '证件号码',
  '工作单位',
  '所在地市',
  '培训项目',
  '培训班名称',
  '培训开始日期',
  '培训结束日期',
  '学时',
  '考核结果',
  '证书编号',
] as const;

/** Index of the ID column: spreadsheets must keep it as text, never as a number. */
export const NATIONAL_ID_COLUMN = NATIONAL_ROSTER_HEADERS.indexOf('证件号码');

/** Profiles hold resident ID numbers only (GB 11643, validated when saved). */
export const ID_DOCUMENT_TYPE = '居民身份证';

export const NATIONAL_ROSTER_FILE: RosterFileName = { label: '国家平台学员名单', stem: 'national-roster' };

export interface NationalRosterRow {
  number: number;
  name: string;
  documentType: typeof ID_DOCUMENT_TYPE;
  /** In full; empty only for a registration whose profile is gone (see nationalRosterRows). */
  idNumber: string;
  employer: string;
  city: string;
  project: string;
  sessionTitle: string;
  startDate: string;
  endDate: string;
  hours: number;
  result: '合格';
  /** The completion certificate's number; undefined when none was issued or it was revoked. */
  certificateNumber: string | undefined;
}

export interface NationalRosterSources {
  session: Pick<Session, 'title' | 'startDate' | 'endDate' | 'city'>;
  project: Project;
  /** The session's registrations in registration order; only the completed make rows. */
  registrations: readonly Registration[];
  /** Profiles by trainee id. */
  profiles: ReadonlyMap<string, TraineeProfile>;
  /** Completion certificate numbers by registration id (completionNumbers). */
  certificateNumbers: ReadonlyMap<string, string>;
}

/**
 * The numbers of the session's valid completion certificates, by registration. A revoked one is
 * left out: the platform must not be told of a certificate that no longer attests anything.
 */
export function completionNumbers(certificates: readonly Certificate[]): Map<string, string> {
  return new Map(
    certificates
      .filter((certificate) => certificate.type === 'completion' && certificate.status === 'valid')
      .flatMap((certificate) =>
        certificate.registrationId ? [[certificate.registrationId, certificate.number] as const] : [],
      ),
  );
}

/** One row per completed registration, in the order given, numbered from 1. */
export function nationalRosterRows(sources: NationalRosterSources): NationalRosterRow[] {
  const { session, registrations, profiles, certificateNumbers } = sources;
  return registrations
    .filter((registration) => registration.status === 'completed')
    .map((registration, index) => {
      // A profile cannot be removed, so one is always there for a real registration. Without it
      // (data seeded around the API) the ID cell stays empty: the platform flags an empty cell,
      // whereas the masked number would be uploaded as if it were the person's.
      const profile = profiles.get(registration.traineeId);
      return {
        number: index + 1,
        // The profile's name goes with its ID number (both fixed once a certificate names them).
        name: profile?.name ?? registration.traineeName,
        documentType: ID_DOCUMENT_TYPE,
        idNumber: profile?.idNumber ?? '',
        // Where they worked when they trained, as the masked roster shows it.
        employer: registration.employer,
        // The trainee's own city, which every profile saved through the API has; the session's
        // city only for a profile without one.
        city: profile?.city || session.city,
        project: PROJECT_LABELS[sources.project],
        sessionTitle: session.title,
        startDate: session.startDate,
        endDate: session.endDate,
        hours: registration.creditHours,
        result: '合格',
        certificateNumber: certificateNumbers.get(registration.id),
      };
    });
}

/** A row's cells in the order of NATIONAL_ROSTER_HEADERS; dates and the ID number are text. */
export function nationalRosterCells(row: NationalRosterRow): RosterCell[] {
  return [
    row.number,
    row.name,
    row.documentType,
    row.idNumber,
    row.employer,
    row.city,
    row.project,
    row.sessionTitle,
    row.startDate,
    row.endDate,
    row.hours,
    row.result,
    row.certificateNumber ?? null,
  ];
}

/**
 * Only the session's host organization and admin export it (404 comes before this): full ID
 * numbers go no further than the unit that trained the people and the program's administration.
 * A co-organizing department or a city bureau reads the masked roster.
 */
export function assertMayExportNationalRoster(actor: Actor, session: Pick<Session, 'hostOrgId'>): void {
  if (!ownsPlan(actor, session) && !actsAs(actor, 'admin')) {
    throw forbidden(MESSAGES.rosters.nationalHostOrAdminOnly());
  }
}

/** What the audit trail records of one export: the session, the file's form and how many rows. */
export function nationalRosterExport(
  session: Pick<Session, 'id' | 'title'>,
  format: RosterFormat,
  rows: number,
): AuditFact {
  return {
    action: 'national-roster-export',
    target: `session:${session.id}`,
    detail: { format, rows, sessionTitle: session.title },
  };
}
