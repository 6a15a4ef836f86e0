import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { COMMENT_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListRequestCommentsInputs extends JsmPagingInputs {
  issueIdOrKey: string;
  public: boolean;
  internal: boolean;
}

export const listRequestComments = defineAction<
  ListRequestCommentsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_request_comments',
  spoke: Spoke.Jsm,
  title: 'List request comments',
  description:
    'Lists the comments of a customer request, oldest first (GET /rest/servicedeskapi/request/{issueIdOrKey}/comment): public ones, internal ones (agents only), or both.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      public: {
        title: 'Public comments',
        type: 'boolean',
        default: true,
        description: 'Include the comments the customer sees.',
      },
      internal: {
        title: 'Internal comments',
        type: 'boolean',
        default: true,
        description: 'Include the comments only agents see.',
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(COMMENT_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.comment:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/comment',
    },
  ],
  example: { issueIdOrKey: 'SD-1', internal: false },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/comment`,
      query: { public: inputs.public, internal: inputs.internal },
    }),
});
