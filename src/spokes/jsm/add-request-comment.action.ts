import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { COMMENT_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';

interface AddRequestCommentInputs {
  issueIdOrKey: string;
  body: string;
  public: boolean;
}

export const addRequestComment = defineAction<AddRequestCommentInputs, Record<string, unknown>>({
  name: 'jsm.add_request_comment',
  spoke: Spoke.Jsm,
  title: 'Add request comment',
  description:
    'Comments on a customer request (POST /rest/servicedeskapi/request/{issueIdOrKey}/comment), publicly (the customer sees it and is notified) or internally (agents only). An internal comment needs an agent account.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'body', 'public'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      body: {
        title: 'Comment',
        type: 'string',
        minLength: 1,
        maxLength: 32767,
        description: 'The text, in Jira wiki markup.',
      },
      // Required rather than defaulted: a comment meant for agents must never reach a customer
      // because a flow left the choice out.
      public: {
        title: 'Public (the customer sees it)',
        type: 'boolean',
        description: 'True: a reply the customer sees; false: an internal note for agents.',
      },
    },
  },
  outputSchema: COMMENT_SCHEMA,
  scopes: {
    classic: ['write:servicedesk-request'],
    granular: [
      'read:request.comment:jira-service-management',
      'write:request.comment:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/comment',
    },
  ],
  example: { issueIdOrKey: 'SD-1', body: 'A new battery is on its way.', public: true },
  run: async (context, inputs) => {
    // Not idempotent: a repeat after a lost answer would post the comment twice.
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/comment`,
      body: { body: inputs.body, public: inputs.public },
    });
    return data;
  },
});
