import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { toAdf } from './create-issue.action';
import {
  doneSchema,
  ISSUE_FIELDS_INPUT,
  ISSUE_KEY_INPUT,
  issuePath,
  PLAIN_TEXT_INPUT,
} from './jira-issue-schemas';

interface TransitionIssueInputs {
  issueIdOrKey: string;
  transitionId: string;
  fields?: Record<string, unknown>;
  comment?: string;
}

export const transitionIssue = defineAction<
  TransitionIssueInputs,
  { issueIdOrKey: string; transitionId: string; transitioned: true }
>({
  name: 'jira.transition_issue',
  spoke: Spoke.Jira,
  title: 'Transition issue',
  description:
    "Moves an issue through its workflow (POST /rest/api/3/issue/{issueIdOrKey}/transitions) by a transition ID from jira.list_issue_transitions, setting the transition screen's fields and adding a plain-text comment if given. Atlassian answers 400 for a transition the issue cannot take now and names each required screen field left out; the issue is not moved then. Not retried: a repeat could move the issue twice.",
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'transitionId'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: ISSUE_KEY_INPUT,
      transitionId: {
        type: 'string',
        pattern: '^[0-9]{1,18}$',
        title: 'Transition ID',
        description: 'A transition ID, e.g. "31" (jira.list_issue_transitions lists them).',
      },
      fields: { ...ISSUE_FIELDS_INPUT, title: 'Screen fields' },
      comment: {
        ...PLAIN_TEXT_INPUT,
        title: 'Comment',
        description: 'A comment added with the transition, in plain text.',
      },
    },
  },
  outputSchema: doneSchema(
    { issueIdOrKey: { type: 'string' }, transitionId: { type: 'string' } },
    'transitioned',
  ),
  scopes: {
    classic: ['write:jira-work'],
    granular: ['write:issue:jira', 'write:issue.property:jira'],
  },
  operations: [
    {
      api: 'jira-platform',
      method: 'POST',
      path: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    },
  ],
  example: {
    issueIdOrKey: 'P001-1',
    transitionId: '31',
    fields: { resolution: { name: 'Done' } },
    comment: 'Access granted by the onboarding flow.',
  },
  run: async (context, inputs) => {
    // Atlassian answers 204 with no body.
    await context.call({
      method: 'POST',
      path: issuePath(inputs.issueIdOrKey, '/transitions'),
      body: {
        transition: { id: inputs.transitionId },
        ...(inputs.fields ? { fields: inputs.fields } : {}),
        ...(inputs.comment !== undefined
          ? { update: { comment: [{ add: { body: toAdf(inputs.comment) } }] } }
          : {}),
      },
    });
    return {
      issueIdOrKey: inputs.issueIdOrKey,
      transitionId: inputs.transitionId,
      transitioned: true,
    };
  },
});
