import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';

interface NotificationInputs {
  issueIdOrKey: string;
}

interface NotificationOutputs {
  issueIdOrKey: string;
  subscribed: boolean;
}

export const subscribeRequest = defineAction<NotificationInputs, NotificationOutputs>({
  name: 'jsm.subscribe_request',
  spoke: Spoke.Jsm,
  title: 'Subscribe to request',
  description:
    'Subscribes the connection account to the notifications of a customer request (PUT /rest/servicedeskapi/request/{issueIdOrKey}/notification). Subscribing twice changes nothing.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: { issueIdOrKey: REQUEST_KEY_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'subscribed'],
    properties: { issueIdOrKey: { type: 'string' }, subscribed: { type: 'boolean' } },
  },
  scopes: {
    classic: ['write:servicedesk-request'],
    granular: [
      'read:request.notification:jira-service-management',
      'write:request.notification:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'PUT',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/notification',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) => {
    await context.call({
      method: 'PUT',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/notification`,
    });
    return { issueIdOrKey: inputs.issueIdOrKey, subscribed: true };
  },
});
