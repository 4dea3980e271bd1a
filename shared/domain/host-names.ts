/**
 * Names beside ids (names beside ids: docs/api.md, Conventions) for what carries its plan's host: sessions copy
 * the host's name from their plan when they are created, registrations from their session when
 * they are made. Items stored before names were kept lack it: they get the organization's
 * current name when read, one lookup of organizations for a whole page (never one per item).
 */
import type { Organizations } from './plans/names';

export interface HostNamed {
  hostOrgId: string;
  hostName?: string | undefined;
}

/** The hosts whose names some of `items` lack, each once: what a page has to look up. */
export const unnamedHostIds = (items: readonly HostNamed[]): string[] => [
  ...new Set(items.filter((item) => item.hostName === undefined).map((item) => item.hostOrgId)),
];

/**
 * The item with its host named: the name it was written with stays; an item from before names
 * were kept gets its host's name from `organizations`, or its id if the store no longer knows it.
 */
export const withHostName = <T extends HostNamed>(
  item: T,
  organizations: Organizations,
): T & { hostName: string } => ({
  ...item,
  hostName: item.hostName ?? organizations.get(item.hostOrgId)?.name ?? item.hostOrgId,
});
