/** Notices of the outbox (shared/domain/notices): what each is about, and when a session's move is one. */
import { describe, expect, it } from 'vitest';
import {
  announcedChanges,
  noticeSubject,
  promotionNotice,
  sessionChangedNotice,
} from '#shared/domain/notices/notice';
import { Notice } from '#shared/domain/notices/schemas';

const NOW = new Date('2026-11-20T02:00:00.000Z');
const SESSION = {
  id: 'ses_1',
  version: 4,
  startDate: '2026-12-07',
  endDate: '2026-12-11',
  city: '南宁',
  location: '广西大学继续教育学院',
};

describe('announcedChanges', () => {
  it('lists start, end, city and location whose value changes, old and new', () => {
    expect(
      announcedChanges(SESSION, {
        startDate: '2026-12-08',
        endDate: '2026-12-12',
        city: '柳州',
        location: '柳州职业技术学院',
      }),
    ).toEqual([
      { field: 'startDate', from: '2026-12-07', to: '2026-12-08' },
      { field: 'endDate', from: '2026-12-11', to: '2026-12-12' },
      { field: 'city', from: '南宁', to: '柳州' },
      { field: 'location', from: '广西大学继续教育学院', to: '柳州职业技术学院' },
    ]);
  });

  it('leaves out fields sent with their stored value and fields not announced', () => {
    const fields = { startDate: '2026-12-07', city: '南宁', registrationDeadline: '2026-12-01' };
    expect(announcedChanges(SESSION, fields)).toEqual([]);
    expect(announcedChanges(SESSION, { endDate: '2026-12-10', city: '南宁' })).toEqual([
      { field: 'endDate', from: '2026-12-11', to: '2026-12-10' },
    ]);
  });

  it('tells a first location as a change from none', () => {
    const { location: _none, ...withoutLocation } = SESSION;
    expect(announcedChanges(withoutLocation, { location: '南宁市人才大厦' })).toEqual([
      { field: 'location', to: '南宁市人才大厦' },
    ]);
  });
});

describe('sessionChangedNotice', () => {
  it('carries the session, the version the edit writes and what changed, and parses as a notice', () => {
    const notice = sessionChangedNotice(SESSION, { city: '桂林' }, NOW);
    expect(notice).toEqual({
      kind: 'session-changed',
      sessionId: 'ses_1',
      version: 5,
      changes: [{ field: 'city', from: '南宁', to: '桂林' }],
      createdAt: NOW.toISOString(),
    });
    expect(Notice.parse(notice)).toEqual(notice);
  });

  it('is none when nothing announced changes', () => {
    expect(sessionChangedNotice(SESSION, { startDate: SESSION.startDate }, NOW)).toBeUndefined();
  });
});

describe('noticeSubject', () => {
  it('names a session change by session and version, so every change is a notice of its own', () => {
    const first = sessionChangedNotice(SESSION, { city: '桂林' }, NOW);
    const second = sessionChangedNotice({ ...SESSION, version: 5 }, { city: '柳州' }, NOW);
    expect(first && noticeSubject(first)).toBe('ses_1#5');
    expect(second && noticeSubject(second)).toBe('ses_1#6');
  });

  it('names a promotion by its registration', () => {
    const notice = promotionNotice({ id: 'reg_1', traineeId: 't-1', sessionId: 'ses_1' }, NOW);
    expect(noticeSubject(notice)).toBe('reg_1');
  });
});
