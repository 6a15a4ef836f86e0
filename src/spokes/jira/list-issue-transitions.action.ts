import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ISSUE_KEY_INPUT, issuePath, TRANSITION_SCHEMA } from './jira-issue-schemas';

interface ListIssueTransitionsInputs {
  issueIdOrKey: string;
  includeFields: boolean;
}

export const listIssueTransitions = defineAction<
  ListIssueTransitionsInputs,
  { items: Record<string, unknown>[] }
>({
  name: 'jira.list_issue_transitions',
  spoke: Spoke.Jira,
  title: 'List issue transitions',
  description:
    "Lists the transitions the issue can take now, in its workflow and for the connection's account (GET /rest/api/3/issue/{issueIdOrKey}/transitions), with the status each leads to. With includeFields, each transition's screen fields, whether required and their allowed values: what jira.transition_issue's fields must hold.",
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: ISSUE_KEY_INPUT,
      includeFields: {
        type: 'boolean',
        default: false,
        title: 'Include screen fields',
        description: "Add each transition's screen fields (expand=transitions.fields).",
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: TRANSITION_SCHEMA } },
  },
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:issue.transition:jira', 'read:status:jira', 'read:field-configuration:jira'],
  },
  operations: [
    {
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    },
  ],
  example: { issueIdOrKey: 'P001-1', includeFields: true },
  run: async (context, inputs) => {
    const { data } = await context.call<{ transitions?: Record<string, unknown>[] }>({
      method: 'GET',
      path: issuePath(inputs.issueIdOrKey, '/transitions'),
      query: { expand: inputs.includeFields ? 'transitions.fields' : undefined },
    });
    return { items: data.transitions ?? [] };
  },
});
