// Paging of the accounts list. Keyward answers `/iam/accounts` with one page and `totalCount` when the request
// carries `limit`/`offset`/`search` (extension). A server without the extension answers all accounts: then the page
// is cut on the client so the table stays small either way. Pure, unit-tested.
import type { Account, AccountsAnswer } from '../api/types.js';

export interface AccountPage {
  items: Account[];
  totalCount: number;
  offset: number;
  limit: number;
  /** True when the server ignored the paging fields and the page was cut on the client. */
  clientSide: boolean;
}

export function toAccountPage(answer: AccountsAnswer, request: { search?: string; limit: number; offset: number }): AccountPage {
  const items = answer.accountItems ?? [];
  if (typeof answer.totalCount === 'number') {
    return { items: items.slice(0, request.limit), totalCount: answer.totalCount, offset: request.offset, limit: request.limit, clientSide: false };
  }
  const needle = (request.search ?? '').trim().toLowerCase();
  const matching = needle
    ? items.filter((a) => a.accountName.toLowerCase().includes(needle) || (a.email ?? '').toLowerCase().includes(needle))
    : items;
  return {
    items: matching.slice(request.offset, request.offset + request.limit),
    totalCount: matching.length,
    offset: request.offset,
    limit: request.limit,
    clientSide: true,
  };
}

export function describeRange(page: Pick<AccountPage, 'offset' | 'limit' | 'totalCount'> & { shown: number }): string {
  if (page.totalCount === 0 || page.shown === 0) return 'No accounts';
  const from = page.offset + 1;
  const to = page.offset + page.shown;
  return `${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${page.totalCount.toLocaleString('en-US')}`;
}

/** Offset of the last page (0 when everything fits on one page). */
export function lastPageOffset(totalCount: number, limit: number): number {
  if (totalCount <= 0) return 0;
  return Math.floor((totalCount - 1) / limit) * limit;
}
