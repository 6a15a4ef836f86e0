import type { ActionContext } from '../../actions/action-definition';
import { collectSizedPages, Paged, startAtPage } from '../../actions/runtime/paging';

/** The spec: createmeta pages hold at most 200 issue types or fields. */
export const CREATE_META_MAX_PAGE = 200;

export interface CreateField {
  fieldId: string;
  name: string;
  required: boolean;
  hasDefaultValue?: boolean;
  [more: string]: unknown;
}

export interface CreateMetaIssueType {
  id: string;
  name: string;
  [more: string]: unknown;
}

export function createMetaPath(projectKey: string, issueTypeId?: string): string {
  const project = `rest/api/3/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`;
  return issueTypeId === undefined ? project : `${project}/${encodeURIComponent(issueTypeId)}`;
}

/** One page, or with fetchAll every page, of the fields an issue type has on a project's create screen. */
export function createFieldsPage(
  context: ActionContext,
  projectKey: string,
  issueTypeId: string,
  paging: { startAt: number; maxResults: number; fetchAll: boolean },
): Promise<Paged<CreateField, { startAt: number }>> {
  return collectSizedPages(
    { startAt: paging.startAt },
    { fetchAll: paging.fetchAll, pageSize: paging.maxResults, largestPage: CREATE_META_MAX_PAGE },
    (cursor, maxResults) =>
      startAtPage<CreateField>(
        context,
        { method: 'GET', path: createMetaPath(projectKey, issueTypeId) },
        cursor,
        maxResults,
        (data) => {
          // The description names the list `fields`; `results` is its older name.
          const page = data as { fields?: CreateField[]; results?: CreateField[]; total?: number };
          return { items: page.fields ?? page.results ?? [], total: page.total };
        },
      ),
  );
}

/** One page, or with fetchAll every page, of the issue types a project lets the account create. */
export function createIssueTypesPage(
  context: ActionContext,
  projectKey: string,
  paging: { startAt: number; maxResults: number; fetchAll: boolean },
): Promise<Paged<CreateMetaIssueType, { startAt: number }>> {
  return collectSizedPages(
    { startAt: paging.startAt },
    { fetchAll: paging.fetchAll, pageSize: paging.maxResults, largestPage: CREATE_META_MAX_PAGE },
    (cursor, maxResults) =>
      startAtPage<CreateMetaIssueType>(
        context,
        { method: 'GET', path: createMetaPath(projectKey) },
        cursor,
        maxResults,
        (data) => {
          const page = data as { issueTypes?: CreateMetaIssueType[]; total?: number };
          return { items: page.issueTypes ?? [], total: page.total };
        },
      ),
  );
}

export const EVERY_PAGE = { startAt: 0, maxResults: CREATE_META_MAX_PAGE, fetchAll: true };
