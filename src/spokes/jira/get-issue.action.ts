import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ISSUE_ID_OR_KEY_SCHEMA, ISSUE_SCHEMA } from './jira-schemas';

interface GetIssueInputs {
  issueIdOrKey: string;
  fields?: string[];
}

/** Field ids, `*all`, `*navigable`, or a field prefixed with a minus to leave it out. */
export const FIELDS_SCHEMA = {
  title: 'Fields',
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', pattern: '^(\\*all|\\*navigable|-?[A-Za-z0-9_.:-]{1,255})$' },
  example: ['summary', 'status', 'assignee'],
} as const;

export const getIssue = defineAction<GetIssueInputs, Record<string, unknown>>({
  name: 'jira.get_issue',
  spoke: Spoke.Jira,
  title: 'Get issue',
  description:
    'Gets an issue by key or ID (GET /rest/api/3/issue/{issueIdOrKey}) with all its fields, or only the fields listed. Atlassian answers 404 when the issue does not exist or the account cannot see it.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: { issueIdOrKey: ISSUE_ID_OR_KEY_SCHEMA, fields: FIELDS_SCHEMA },
  },
  outputSchema: ISSUE_SCHEMA,
  scopes: {
    classic: ['read:jira-work'],
    granular: [
      'read:issue-meta:jira',
      'read:issue-security-level:jira',
      'read:issue.vote:jira',
      'read:issue.changelog:jira',
      'read:avatar:jira',
      'read:issue:jira',
      'read:status:jira',
      'read:user:jira',
      'read:field-configuration:jira',
    ],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}' }],
  example: { issueIdOrKey: 'HSP-1', fields: ['summary', 'status', 'issuetype'] },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: `rest/api/3/issue/${encodeURIComponent(inputs.issueIdOrKey)}`,
      // The operation takes a comma-separated list.
      query: { fields: inputs.fields?.join(',') },
    });
    return data;
  },
});
