/**
 * Reading the local system's write log (DYNAMODB_WRITE_LOG, one JSON line per write: see
 * infra/local/dynamodb-rules.ts) for the opening-day bursts: which items the registrations of two
 * sessions both wrote (items that would make registrants of different sessions wait on each other
 * in the cloud), and where the cloud's rules refused registrations' writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { WriteLogEntry } from '#infra/local/dynamodb-rules';

/** A registration request's writer label: `POST /sessions/{sessionId}/registrations`. */
const REGISTRATION = /^POST \/sessions\/([^/]+)\/registrations$/;

export function readWriteLog(file: string): WriteLogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WriteLogEntry);
}

/** An item as the report names it: its table and key (`plans PLAN#p1 / COUNTERS#2027`). */
const itemName = (entry: WriteLogEntry) => `${entry.table} ${Object.values(entry.key).join(' / ')}`;

export interface SharedItem {
  item: string;
  /** How many of the sessions' registrations wrote it. */
  sessions: number;
}

/**
 * Writes (and refused writes) made for registrations to `sessionIds`, and the items written for
 * registrations to more than one of them, most shared first.
 */
export function registrationWrites(
  log: readonly WriteLogEntry[],
  sessionIds: ReadonlySet<string>,
): { count: number; shared: SharedItem[] } {
  const sessionsByItem = new Map<string, Set<string>>();
  let count = 0;
  for (const entry of log) {
    const sessionId = entry.writer?.match(REGISTRATION)?.[1];
    if (!sessionId || !sessionIds.has(sessionId) || entry.outcome === 'throttled') continue;
    count++;
    const name = itemName(entry);
    const sessions = sessionsByItem.get(name) ?? new Set<string>();
    sessions.add(sessionId);
    sessionsByItem.set(name, sessions);
  }
  const shared = [...sessionsByItem.entries()]
    .filter(([, sessions]) => sessions.size > 1)
    .map(([item, sessions]) => ({ item, sessions: sessions.size }))
    .sort((a, b) => b.sessions - a.sessions || a.item.localeCompare(b.item));
  return { count, shared };
}

export interface ConflictedItem {
  /** The kind of item: its table and the first word of each key part (`plans PLAN / COUNTERS`). */
  kind: string;
  /** Registration writes the rules refused on items of that kind (TransactionConflict). */
  refused: number;
}

/** Where registrations met another transaction in flight, by kind of item, most refused first. */
export function conflictedItems(log: readonly WriteLogEntry[]): ConflictedItem[] {
  const byKind = new Map<string, number>();
  for (const entry of log) {
    if (entry.outcome !== 'conflict' || !entry.writer?.match(REGISTRATION)) continue;
    const kind = `${entry.table} ${Object.values(entry.key)
      .map((part) => String(part).split('#')[0])
      .join(' / ')}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return [...byKind.entries()]
    .map(([kind, refused]) => ({ kind, refused }))
    .sort((a, b) => b.refused - a.refused);
}
