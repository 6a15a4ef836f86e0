import type { ActionContext } from '../action-definition';
import type { UpstreamRequest } from './upstream-client';

/** One page of a list action's answer: its items and the inputs that fetch the next page. */
export interface Paged<TItem, TNext> {
  items: TItem[];
  /** Pass these inputs to get the next page; null at the end. */
  next: TNext | null;
}

/**
 * Fetches one page, or with fetchAll every page, following the API's own paging. For APIs whose
 * page size the client cannot choose (the admin cursors); the others go through collectSizedPages.
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
 * The fetchAll input of a list action whose page size input is `sizeField`. fetchAll ignores the
 * page size rather than refusing it: a flow can then switch fetchAll on without editing its other
 * inputs, and the answer (every item) is the same whatever page size was asked.
 */
export function fetchAllInput(sizeField: string) {
  return {
    title: 'Fetch all pages',
    type: 'boolean',
    default: false,
    description: `Follow every page, each of the largest size the endpoint allows (${sizeField} is ignored), and return all items (next is then null).`,
  } as const;
}

export interface PageSizing {
  fetchAll: boolean;
  /** The page size the caller asked for (`maxResults`, `limit`). */
  pageSize: number;
  /** The largest page the endpoint allows. */
  largestPage: number;
}

/**
 * The page size a list action asks for: the caller's (never beyond the endpoint's largest) for one
 * page; with fetchAll always the largest, whatever the caller asked, because a smaller page would
 * only multiply requests (N items cost ceil(N / largest)) and change nothing in the answer.
 */
export function pageSizeFor({ fetchAll, pageSize, largestPage }: PageSizing): number {
  return fetchAll ? largestPage : Math.min(pageSize, largestPage);
}

/** collectPages for APIs whose page size the client chooses: every page asks pageSizeFor(). */
export async function collectSizedPages<TItem, TNext>(
  first: TNext,
  sizing: PageSizing,
  fetchPage: (cursor: TNext, pageSize: number) => Promise<Paged<TItem, TNext>>,
): Promise<Paged<TItem, TNext>> {
  const size = pageSizeFor(sizing);
  return collectPages(first, sizing.fetchAll, (cursor) => fetchPage(cursor, size));
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
