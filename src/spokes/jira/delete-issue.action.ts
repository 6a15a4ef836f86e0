import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { doneSchema, ISSUE_KEY_INPUT, issuePath } from './jira-issue-schemas';

interface DeleteIssueInputs {
  issueIdOrKey: string;
  deleteSubtasks: boolean;
}

export const deleteIssue = defineAction<DeleteIssueInputs, { issueIdOrKey: string; deleted: true }>(
  {
    name: 'jira.delete_issue',
    spoke: Spoke.Jira,
    title: 'Delete issue',
    description:
      'Deletes an issue (DELETE /rest/api/3/issue/{issueIdOrKey}). An issue with subtasks is deleted only with deleteSubtasks, which deletes them too; otherwise Atlassian answers 400. Atlassian answers 404 for an issue that does not exist or the account cannot see.',
    inputSchema: {
      type: 'object',
      required: ['issueIdOrKey'],
      additionalProperties: false,
      properties: {
        issueIdOrKey: ISSUE_KEY_INPUT,
        deleteSubtasks: { type: 'boolean', default: false, title: 'Delete its subtasks too' },
      },
    },
    outputSchema: doneSchema({ issueIdOrKey: { type: 'string' } }, 'deleted'),
    scopes: { classic: ['write:jira-work'], granular: ['delete:issue:jira'] },
    operations: [
      { api: 'jira-platform', method: 'DELETE', path: '/rest/api/3/issue/{issueIdOrKey}' },
    ],
    example: { issueIdOrKey: 'P001-5' },
    run: async (context, inputs) => {
      await context.call({
        method: 'DELETE',
        path: issuePath(inputs.issueIdOrKey),
        // The operation declares it as the strings "true" and "false".
        query: { deleteSubtasks: String(inputs.deleteSubtasks) },
      });
      return { issueIdOrKey: inputs.issueIdOrKey, deleted: true };
    },
  },
);
