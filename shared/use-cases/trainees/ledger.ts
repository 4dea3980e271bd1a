/**
 * A page of a trainee's ledger (GET /trainees/me/ledger): the year's entries in order, each read
 * with its certificate number and, for entries written before hosts were stored on them, its
 * host's name. Both are one batched read for the whole page, never one per entry.
 */
import type { Page } from '#shared/domain/common';
import { ledgerItemOf, passesOf, unnamedEntries } from '#shared/domain/trainees/ledger-items';
import type { LedgerItem } from '#shared/domain/trainees/schemas';
import { completionNumbersOf } from '#shared/store/certificates';
import { ledgerPage } from '#shared/store/ledger';
import { registrationHostNames } from '#shared/store/registrations';

const registrationIds = (entries: readonly { registrationId: string }[]) =>
  entries.map((entry) => entry.registrationId);

export async function traineeLedger(
  traineeId: string,
  year: number,
  limit: number,
  cursor?: string,
): Promise<Page<LedgerItem>> {
  const page = await ledgerPage(traineeId, year, limit, cursor);
  const unnamed = registrationIds(unnamedEntries(page.items));
  const passes = registrationIds(passesOf(page.items));
  const [hostNames, certificateNumbers] = await Promise.all([
    unnamed.length > 0 ? registrationHostNames(unnamed) : new Map<string, string>(),
    passes.length > 0 ? completionNumbersOf(passes) : new Map<string, string>(),
  ]);
  return {
    items: page.items.map((entry) =>
      ledgerItemOf(entry, { reversed: page.reversed, hostNames, certificateNumbers }),
    ),
    nextCursor: page.nextCursor,
  };
}
