import type { ActionContext } from '../action-definition';
import type { UpstreamRequest } from './upstream-client';

/** One page of a list action's answer: its items and the inputs that fetch the next page. */
export interface Paged<TItem, TNext> {
  items: TItem[];
  /** Pass these inputs to get the next page; null at the end. */
  next: TNext | null;
}

/**
 * Fetches one page, or with fetchAll every page, following the API's own paging. The caller asks
 * for the largest page the endpoint allows, so N items cost as few requests as the API permits.
 */
export async function collectPages<TItem, TNext>(
  first: TNext,
  fetchAll: boolean,
  fetchPage: (cursor: TNext) => Promise<Paged<TItem, TNext>>,
): Promise<Paged<TItem, TNext>> {
  const items: TItem[] = [];
  let cursor: TNext | null = first;
  while (cursor !== null) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next;
    if (!fetchAll) return { items, next: cursor };
  }
  return { items, next: null };
}

/**
 * Jira's `startAt`/`maxResults`. Some answers say where they end (`isLast`, `total`); plain arrays
 * (user search) do not, so a short page is the end there.
 */
export async function startAtPage<TItem>(
  context: ActionContext,
  request: UpstreamRequest,
  cursor: { startAt: number },
  maxResults: number,
  read: (data: unknown) => { items: TItem[]; isLast?: boolean; total?: number },
): Promise<Paged<TItem, { startAt: number }>> {
  const { data } = await context.call({
    ...request,
    query: { ...request.query, startAt: cursor.startAt, maxResults },
  });
  const { items, isLast, total } = read(data);
  const reached = cursor.startAt + items.length;
  const ended =
    items.length === 0 ||
    (isLast ?? (total !== undefined ? reached >= total : items.length < maxResults));
  return { items, next: ended ? null : { startAt: reached } };
}

/** Jira Service Management's `start`/`limit` with `isLastPage`. */
export async function startLimitPage<TItem>(
  context: ActionContext,
  request: UpstreamRequest,
  cursor: { start: number },
  limit: number,
): Promise<Paged<TItem, { start: number }>> {
  const { data } = await context.call<{
    values?: TItem[];
    isLastPage?: boolean;
    start?: number;
    size?: number;
  }>({ ...request, query: { ...request.query, start: cursor.start, limit } });
  const items = data.values ?? [];
  const ended = data.isLastPage !== false || items.length === 0;
  return { items, next: ended ? null : { start: (data.start ?? cursor.start) + items.length } };
}
