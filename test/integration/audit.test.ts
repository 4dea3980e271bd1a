/**
 * The audit trail against DynamoDB Local: entries are appended and never overwritten, read back
 * newest first within Beijing dates (month partitions walked in turn) or for one actor, a page at
 * a time, and concurrent appends all land. Each test writes in a year of its own, far from today,
 * so the other files' exports (this month) never show in its readings.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AuditWindow } from '#shared/domain/audit/audit';
import type { AuditEntry } from '#shared/domain/audit/schemas';
import type { Page } from '#shared/domain/common';
import { AppError } from '#shared/domain/errors';
import { newId } from '#shared/domain/ids';
import { type AuditListing, appendAuditEntry, listAuditEntries } from '#shared/store/audit';
import { planKey } from '#shared/store/plans';

let nextYear = 2200 + Math.floor(Math.random() * 600);
/** A year no other test (nor another run's leftovers) writes in. */
const freshYear = () => nextYear++;

function entry(at: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: newId('aud', new Date(at)),
    at: new Date(at).toISOString(),
    actor: 'admin-1',
    actorName: '管理员',
    action: 'national-roster-export',
    target: 'session:ses_1',
    detail: { format: 'xlsx', rows: 3 },
    ...overrides,
  };
}

/** Every page of a reading, in order. */
async function allPages(window: AuditWindow, listing: Omit<AuditListing, 'cursor'>) {
  const pages: Page<AuditEntry>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEntries(window, { ...listing, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

const newestFirst = (entries: readonly AuditEntry[]) => [...entries].sort((a, b) => b.at.localeCompare(a.at));

describe('appending', () => {
  it('stores the entry as given, and reads it back without its keys', async () => {
    const year = freshYear();
    const written = entry(`${year}-05-10T12:00:00+08:00`, {
      actorName: '李主任',
      detail: { format: 'csv', rows: 42 },
    });
    await appendAuditEntry(written);
    const page = await listAuditEntries({ from: `${year}-05-10`, to: `${year}-05-10` }, { limit: 10 });
    expect(page).toEqual({ items: [written], nextCursor: null });
  });

  it('never overwrites: the same entry a second time is refused and the first stays as it was', async () => {
    const year = freshYear();
    const first = entry(`${year}-01-02T09:00:00+08:00`);
    await appendAuditEntry(first);
    await expect(appendAuditEntry({ ...first, detail: { format: 'csv', rows: 0 } })).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    const page = await listAuditEntries({ from: `${year}-01-02`, to: `${year}-01-02` }, { limit: 10 });
    expect(page.items).toEqual([first]);
  });

  it('keeps every one of many concurrent appends, in the same instant too', async () => {
    const year = freshYear();
    const at = `${year}-07-01T10:00:00+08:00`;
    const entries = Array.from({ length: 25 }, (_, n) => entry(at, { actor: `host-${n}` }));
    await Promise.all(entries.map(appendAuditEntry));
    const [page] = await allPages({ from: `${year}-07-01`, to: `${year}-07-01` }, { limit: 200 });
    expect(page?.items.map((item) => item.id).sort()).toEqual(entries.map((item) => item.id).sort());
  });
});

describe('reading by dates', () => {
  it('takes Beijing days whole: from the first midnight to the last day’s end, and nothing beyond', async () => {
    const year = freshYear();
    const inside = [entry(`${year}-03-10T00:00:00.000+08:00`), entry(`${year}-03-12T23:59:59.999+08:00`)];
    const outside = [entry(`${year}-03-09T23:59:59.999+08:00`), entry(`${year}-03-13T00:00:00.000+08:00`)];
    await Promise.all([...inside, ...outside].map(appendAuditEntry));
    const page = await listAuditEntries({ from: `${year}-03-10`, to: `${year}-03-12` }, { limit: 50 });
    expect(page.items).toEqual(newestFirst(inside));
  });

  it('walks the months newest first, a page at a time, across an empty month and a year end', async () => {
    const year = freshYear();
    const entries = [
      entry(`${year}-11-03T10:00:00+08:00`),
      entry(`${year}-11-20T10:00:00+08:00`),
      entry(`${year}-11-30T23:30:00+08:00`),
      // December holds nothing.
      entry(`${year + 1}-01-01T00:10:00+08:00`),
      entry(`${year + 1}-01-15T10:00:00+08:00`),
      entry(`${year + 1}-01-15T10:00:01+08:00`),
      entry(`${year + 1}-02-01T08:00:00+08:00`),
    ];
    await Promise.all(entries.map(appendAuditEntry));
    const window = { from: `${year}-11-01`, to: `${year + 1}-02-28` };
    const pages = await allPages(window, { limit: 2 });
    expect(pages.flatMap((page) => page.items)).toEqual(newestFirst(entries));
    expect(pages.slice(0, -1).every((page) => page.items.length === 2)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    // One page for all of them, when it is large enough.
    expect(await listAuditEntries(window, { limit: 200 })).toEqual({
      items: newestFirst(entries),
      nextCursor: null,
    });
  });

  it('refuses a cursor it did not give, and one from another window: 400', async () => {
    const year = freshYear();
    await Promise.all([1, 2, 3].map((day) => appendAuditEntry(entry(`${year}-04-0${day}T10:00:00+08:00`))));
    const window = { from: `${year}-04-01`, to: `${year}-04-30` };
    const first = await listAuditEntries(window, { limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const cursor of ['not-a-cursor', Buffer.from('{"month":"1999-01"}').toString('base64url')]) {
      const refusal = await listAuditEntries(window, { limit: 1, cursor }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).status).toBe(400);
    }
    // The month is the window's, the cursor within it another partition's.
    const foreign = Buffer.from(
      JSON.stringify({
        month: `${year}-04`,
        within: Buffer.from(JSON.stringify(planKey('x'))).toString('base64url'),
      }),
    ).toString('base64url');
    const refusal = await listAuditEntries(window, { limit: 1, cursor: foreign }).catch(
      (error: unknown) => error,
    );
    expect((refusal as AppError).status).toBe(400);
    const later = await listAuditEntries(
      { from: `${year}-05-01`, to: `${year}-05-31` },
      {
        limit: 1,
        cursor: first.nextCursor ?? undefined,
      },
    ).catch((error: unknown) => error);
    expect((later as AppError).status).toBe(400);
  });
});

describe('reading one actor', () => {
  it('lists what that actor did within the dates, newest first, a page at a time', async () => {
    const year = freshYear();
    const actor = `host-${randomUUID()}`;
    const theirs = [
      entry(`${year}-02-27T10:00:00+08:00`, { actor, target: 'session:ses_a' }),
      entry(`${year}-03-01T10:00:00+08:00`, { actor, target: 'session:ses_b' }),
      entry(`${year}-03-05T10:00:00+08:00`, { actor, target: 'session:ses_c' }),
    ];
    const others = [
      entry(`${year}-03-02T10:00:00+08:00`, { actor: `host-${randomUUID()}` }),
      // Theirs, but after the window.
      entry(`${year}-04-01T10:00:00+08:00`, { actor }),
    ];
    await Promise.all([...theirs, ...others].map(appendAuditEntry));
    const window = { from: `${year}-02-01`, to: `${year}-03-31` };
    const pages = await allPages(window, { actor, limit: 2 });
    expect(pages.flatMap((page) => page.items)).toEqual(newestFirst(theirs));
    expect(pages.map((page) => page.items.length)).toEqual([2, 1]);
    expect(await listAuditEntries(window, { actor: `nobody-${randomUUID()}`, limit: 5 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
