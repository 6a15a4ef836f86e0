import { SEARCH_JQL_GET_LIMIT, searchForm } from './search-issues.action';

describe('searchForm (jira.search_issues)', () => {
  const fields = ['key'];
  // `jql=` + the query + `&fields=key`: the JQL that makes the query string exactly `length` long.
  const jqlFor = (length: number) =>
    `key = A${'x'.repeat(length - 'jql=key+%3D+A&fields=key'.length)}`;

  it('stays on GET up to the limit and goes POST one character past it', () => {
    const atLimit = searchForm({ jql: jqlFor(SEARCH_JQL_GET_LIMIT), fields })(100, {});
    expect(atLimit).toEqual({
      method: 'GET',
      path: 'rest/api/3/search/jql',
      query: {
        jql: jqlFor(SEARCH_JQL_GET_LIMIT),
        fields: 'key',
        reconcileIssues: undefined,
        maxResults: 100,
        nextPageToken: undefined,
      },
    });
    const past = searchForm({ jql: jqlFor(SEARCH_JQL_GET_LIMIT + 1), fields })(100, {});
    expect(past).toEqual({
      method: 'POST',
      path: 'rest/api/3/search/jql',
      body: { jql: jqlFor(SEARCH_JQL_GET_LIMIT + 1), fields: ['key'], maxResults: 100 },
      idempotent: true,
    });
  });

  it('counts reconcileIssues, one parameter each, and sends them as integers in the body', () => {
    const jql = jqlFor(SEARCH_JQL_GET_LIMIT - 10);
    expect(searchForm({ jql, fields })(1, {}).method).toBe('GET');
    const send = searchForm({ jql, fields, reconcileIssues: ['10001'] });
    expect(send(1, { nextPageToken: 'next' })).toEqual({
      method: 'POST',
      path: 'rest/api/3/search/jql',
      body: { jql, fields, maxResults: 1, nextPageToken: 'next', reconcileIssues: [10001] },
      idempotent: true,
    });
  });

  it('decides once per search: neither the page token nor the page size changes the form', () => {
    const send = searchForm({ jql: jqlFor(SEARCH_JQL_GET_LIMIT), fields });
    expect(send(5000, { nextPageToken: 't'.repeat(4096) }).method).toBe('GET');
  });
});
