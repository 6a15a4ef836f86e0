import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { HubError } from '../../common/hub-error';
import { toAdf } from './create-issue.action';
import { COMMENT_SCHEMA, ISSUE_KEY_INPUT, issuePath, PLAIN_TEXT_INPUT } from './jira-issue-schemas';

interface AddIssueCommentInputs {
  issueIdOrKey: string;
  body: string;
  visibleToRole?: string;
  visibleToGroupId?: string;
}

export const addIssueComment = defineAction<AddIssueCommentInputs, Record<string, unknown>>({
  name: 'jira.add_issue_comment',
  spoke: Spoke.Jira,
  title: 'Add issue comment',
  description:
    'Adds a comment to an issue (POST /rest/api/3/issue/{issueIdOrKey}/comment) and returns it. The plain-text body becomes an Atlassian Document Format document. A comment may be restricted to a project role (visibleToRole) or a group (visibleToGroupId). Not retried: a repeat would add the comment twice.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'body'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: ISSUE_KEY_INPUT,
      body: { ...PLAIN_TEXT_INPUT, title: 'Comment', description: 'The comment, in plain text.' },
      visibleToRole: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        title: 'Visible to project role',
        example: 'Developers',
      },
      visibleToGroupId: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        title: 'Visible to group (ID)',
      },
    },
  },
  outputSchema: COMMENT_SCHEMA,
  scopes: {
    classic: ['write:jira-work'],
    granular: [
      'read:comment:jira',
      'read:comment.property:jira',
      'read:group:jira',
      'read:project:jira',
      'read:project-role:jira',
      'read:user:jira',
      'write:comment:jira',
      'read:avatar:jira',
    ],
  },
  operations: [
    { api: 'jira-platform', method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/comment' },
  ],
  example: {
    issueIdOrKey: 'P001-1',
    body: 'Laptop ordered.\n\nDelivery expected on Monday.',
  },
  run: async (context, inputs) => {
    if (inputs.visibleToRole !== undefined && inputs.visibleToGroupId !== undefined) {
      throw HubError.invalid(
        'inputs.visibleToGroupId',
        'exclusive',
        'give at most one of inputs.visibleToRole or inputs.visibleToGroupId',
      );
    }
    const visibility =
      inputs.visibleToRole !== undefined
        ? { type: 'role', value: inputs.visibleToRole }
        : inputs.visibleToGroupId !== undefined
          ? { type: 'group', identifier: inputs.visibleToGroupId }
          : undefined;
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: issuePath(inputs.issueIdOrKey, '/comment'),
      body: { body: toAdf(inputs.body), ...(visibility ? { visibility } : {}) },
    });
    return data;
  },
});
