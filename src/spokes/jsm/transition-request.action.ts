import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';

interface TransitionRequestInputs {
  issueIdOrKey: string;
  transitionId: string;
  comment?: string;
}

interface TransitionRequestOutputs {
  issueIdOrKey: string;
  transitionId: string;
}

export const transitionRequest = defineAction<TransitionRequestInputs, TransitionRequestOutputs>({
  name: 'jsm.transition_request',
  spoke: Spoke.Jsm,
  title: 'Transition request',
  description:
    "Moves a customer request along its workflow by a customer transition (POST /rest/servicedeskapi/request/{issueIdOrKey}/transition), optionally with a public comment saying why. jsm.list_request_transitions lists the transitions the request's current status offers; Atlassian answers 400 to any other.",
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'transitionId'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      transitionId: {
        title: 'Transition ID',
        type: 'string',
        pattern: '^[0-9]{1,9}$',
        description: 'See jsm.list_request_transitions.',
      },
      comment: {
        title: 'Comment',
        type: 'string',
        minLength: 1,
        maxLength: 32767,
        description: 'A public comment added with the transition.',
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'transitionId'],
    properties: { issueIdOrKey: { type: 'string' }, transitionId: { type: 'string' } },
  },
  scopes: {
    classic: ['write:servicedesk-request'],
    granular: [
      'read:request.status:jira-service-management',
      'write:request.status:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/transition',
    },
  ],
  example: { issueIdOrKey: 'SD-1', transitionId: '761', comment: 'Fixed with a new battery.' },
  run: async (context, inputs) => {
    // Not idempotent: once applied, the same transition is no longer offered (a repeat fails).
    await context.call({
      method: 'POST',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/transition`,
      body: {
        id: inputs.transitionId,
        ...(inputs.comment !== undefined ? { additionalComment: { body: inputs.comment } } : {}),
      },
    });
    return { issueIdOrKey: inputs.issueIdOrKey, transitionId: inputs.transitionId };
  },
});
