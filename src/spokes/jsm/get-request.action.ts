import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { CUSTOMER_REQUEST_SCHEMA } from './jsm-schemas';

interface GetRequestInputs {
  issueIdOrKey: string;
  expand?: string[];
}

export const getRequest = defineAction<GetRequestInputs, Record<string, unknown>>({
  name: 'jsm.get_request',
  spoke: Spoke.Jsm,
  title: 'Get customer request',
  description:
    'Reads a customer request by issue key or ID (GET /rest/servicedeskapi/request/{issueIdOrKey}).',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: {
        title: 'Issue ID or key',
        type: 'string',
        pattern: '^([0-9]{1,18}|[A-Z][A-Z0-9_]*-[0-9]{1,18})$',
        description: 'An issue key such as SD-1, or the numeric issue ID.',
      },
      expand: {
        title: 'Expand',
        type: 'array',
        uniqueItems: true,
        items: {
          type: 'string',
          enum: [
            'serviceDesk',
            'requestType',
            'participant',
            'sla',
            'status',
            'attachment',
            'action',
            'comment',
            'comment.attachment',
            'comment.renderedBody',
          ],
        },
      },
    },
  },
  outputSchema: CUSTOMER_REQUEST_SCHEMA,
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request:jira-service-management', 'read:user:jira'],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'GET', path: '/rest/servicedeskapi/request/{issueIdOrKey}' },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}`,
      query: { expand: inputs.expand },
    });
    return data;
  },
});
