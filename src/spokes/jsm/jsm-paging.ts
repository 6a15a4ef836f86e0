import type { ActionContext } from '../../actions/action-definition';
import { collectSizedPages, Paged, startLimitPage } from '../../actions/runtime/paging';
import type { UpstreamRequest } from '../../actions/runtime/upstream-client';
import { JSM_MAX_PAGE, JsmPagingInputs } from './jsm-schemas';

/**
 * One page of a JSM list (start/limit/isLastPage), or every page with fetchAll, each of the
 * largest size: what every JSM list action runs, so that paging is decided in one place.
 */
export function jsmList<TItem = Record<string, unknown>>(
  context: ActionContext,
  inputs: JsmPagingInputs,
  request: UpstreamRequest,
): Promise<Paged<TItem, { start: number }>> {
  return collectSizedPages(
    { start: inputs.start },
    { fetchAll: inputs.fetchAll, pageSize: inputs.limit, largestPage: JSM_MAX_PAGE },
    (cursor, limit) => startLimitPage<TItem>(context, request, cursor, limit),
  );
}
