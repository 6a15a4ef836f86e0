import { Spoke } from '../spoke';
import {
  ActionScopes,
  AnySpokeAction,
  defineAction,
  JsonSchemaObject,
} from '../../actions/action-definition';
import { REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface RequestListInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

/** What sets one of a request's paged lists apart (its status history, transitions, …). */
export interface RequestList {
  name: string;
  title: string;
  description: string;
  /** The last segment of `/rest/servicedeskapi/request/{issueIdOrKey}/<resource>`. */
  resource: string;
  item: JsonSchemaObject;
  scopes: ActionScopes;
}

/**
 * An action that pages through one list of a customer request: the same inputs, request and
 * paging for each, so that they differ only where Atlassian's lists do.
 */
export function requestListAction(list: RequestList): AnySpokeAction {
  return defineAction<RequestListInputs, unknown>({
    name: list.name,
    spoke: Spoke.Jsm,
    title: list.title,
    description: list.description,
    inputSchema: {
      type: 'object',
      required: ['issueIdOrKey'],
      additionalProperties: false,
      properties: { issueIdOrKey: REQUEST_KEY_INPUT, ...JSM_PAGING_INPUTS },
    },
    outputSchema: jsmPageSchema(list.item),
    scopes: list.scopes,
    operations: [
      {
        api: 'jira-servicedesk',
        method: 'GET',
        path: `/rest/servicedeskapi/request/{issueIdOrKey}/${list.resource}`,
      },
    ],
    example: { issueIdOrKey: 'SD-1' },
    run: async (context, inputs) =>
      jsmList(context, inputs, {
        method: 'GET',
        path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/${list.resource}`,
      }),
  });
}
