import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_IDS_INPUT, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { CUSTOMER_SCHEMA } from './jsm-schemas';

interface ParticipantsInputs {
  issueIdOrKey: string;
  accountIds: string[];
}

interface ParticipantsOutputs {
  issueIdOrKey: string;
  participants: Array<Record<string, unknown>>;
}

export const removeRequestParticipants = defineAction<ParticipantsInputs, ParticipantsOutputs>({
  name: 'jsm.remove_request_participants',
  spoke: Spoke.Jsm,
  title: 'Remove request participants',
  description:
    'Removes participants from a customer request (DELETE /rest/servicedeskapi/request/{issueIdOrKey}/participant). Atlassian answers 400 if an account is not a participant or is the reporter.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'accountIds'],
    additionalProperties: false,
    properties: { issueIdOrKey: REQUEST_KEY_INPUT, accountIds: ACCOUNT_IDS_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'participants'],
    properties: {
      issueIdOrKey: { type: 'string' },
      participants: {
        type: 'array',
        items: CUSTOMER_SCHEMA,
        description: 'The first page of the participants left.',
      },
    },
  },
  scopes: {
    classic: ['write:servicedesk-request'],
    granular: [
      'read:request.participant:jira-service-management',
      'delete:request.participant:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'DELETE',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/participant',
    },
  ],
  example: {
    issueIdOrKey: 'SD-1',
    accountIds: ['qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd'],
  },
  run: async (context, inputs) => {
    const { data } = await context.call<{ values?: Array<Record<string, unknown>> }>({
      method: 'DELETE',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/participant`,
      body: { accountIds: inputs.accountIds },
    });
    return { issueIdOrKey: inputs.issueIdOrKey, participants: data.values ?? [] };
  },
});
