import { ActionCatalog } from '../actions/action-catalog';
import type { ActionContext } from '../actions/action-definition';
import type { UpstreamRequest, UpstreamResponse } from '../actions/runtime/upstream-client';
import { ALL_SPOKE_ACTIONS } from '.';

// The inputs through which a list action's caller chooses its page size.
const PAGE_SIZE_INPUTS = ['maxResults', 'limit'];

/**
 * Every paged action (one with fetchAll), with its page size input and that input's maximum: the
 * published schema's maximum is the endpoint's largest page, the size fetchAll must ask for.
 */
const paged = ALL_SPOKE_ACTIONS.filter(
  (action) => (action.inputSchema.properties as Record<string, unknown>).fetchAll,
).map((action) => {
  const properties = action.inputSchema.properties as Record<string, { maximum?: number }>;
  const sizeInput = PAGE_SIZE_INPUTS.find((name) => name in properties);
  return { action, sizeInput, maximum: sizeInput ? properties[sizeInput].maximum : undefined };
});

/** A context that records each request and answers with an empty last page in every API's shape. */
function recordingContext(): { context: ActionContext; sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  const context: ActionContext = {
    apiRoot: 'https://api.atlassian.com',
    call: <T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> => {
      sent.push(request);
      const lastPage = { values: [], issues: [], data: [], isLast: true, isLastPage: true };
      return Promise.resolve({ status: 200, data: lastPage as T });
    },
  };
  return { context, sent };
}

describe('paged actions', () => {
  const catalog = new ActionCatalog(ALL_SPOKE_ACTIONS);
  const run = async (name: string, inputs: Record<string, unknown>) => {
    const { action } = catalog.find(name);
    const { context, sent } = recordingContext();
    await action.run(context, catalog.validateInputs(name, inputs) as never);
    return sent;
  };
  const sized = paged.filter((entry) => entry.sizeInput !== undefined);

  it('take a page size as maxResults or limit, with a maximum, except the admin cursor list', () => {
    expect(paged.filter((entry) => !entry.sizeInput).map((entry) => entry.action.name)).toEqual([
      'atlassian-admin.list_org_users',
    ]);
    expect(sized.map((entry) => entry.action.name).sort()).toEqual([
      'jira.get_create_fields',
      'jira.get_group_members',
      'jira.list_issue_comments',
      'jira.list_issue_types',
      'jira.search_issues',
      'jira.search_projects',
      'jira.search_users',
      'jsm.get_request_sla',
      'jsm.get_request_status_history',
      'jsm.get_service_desk_customers',
      'jsm.list_organization_users',
      'jsm.list_organizations',
      'jsm.list_queue_issues',
      'jsm.list_queues',
      'jsm.list_request_approvals',
      'jsm.list_request_comments',
      'jsm.list_request_participants',
      'jsm.list_request_transitions',
      'jsm.list_request_types',
      'jsm.list_requests',
      'jsm.list_service_desks',
    ]);
    for (const entry of sized) expect(entry.maximum).toEqual(expect.any(Number));
  });

  describe.each(sized.map((entry) => [entry.action.name, entry] as const))('%s', (name, entry) => {
    const size = entry.sizeInput!;

    it('with fetchAll asks for the largest page, whatever page size the inputs name', async () => {
      for (const asked of [1, entry.maximum!]) {
        const sent = await run(name, { ...entry.action.example, [size]: asked, fetchAll: true });
        expect(sent).toHaveLength(1);
        expect(sent[0].query?.[size]).toBe(entry.maximum);
      }
      const unnamed: Record<string, unknown> = { ...entry.action.example, fetchAll: true };
      delete unnamed[size];
      const [request] = await run(name, unnamed);
      expect(request.query?.[size]).toBe(entry.maximum);
    });

    it('without fetchAll asks for the page size the inputs name', async () => {
      const sent = await run(name, { ...entry.action.example, [size]: 1 });
      expect(sent).toHaveLength(1);
      expect(sent[0].query?.[size]).toBe(1);
    });
  });
});
