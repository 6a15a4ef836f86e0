import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { HubError } from '../../common/hub-error';
import { toAdf } from './create-issue.action';
import {
  doneSchema,
  ISSUE_FIELDS_INPUT,
  ISSUE_KEY_INPUT,
  issuePath,
  NOTIFY_USERS_INPUT,
  PLAIN_TEXT_INPUT,
} from './jira-issue-schemas';

interface UpdateIssueInputs {
  issueIdOrKey: string;
  summary?: string;
  description?: string;
  labels?: string[];
  fields?: Record<string, unknown>;
  notifyUsers: boolean;
}

const CHANGES = ['summary', 'description', 'labels', 'fields'] as const;

export const updateIssue = defineAction<UpdateIssueInputs, { issueIdOrKey: string; updated: true }>(
  {
    name: 'jira.update_issue',
    spoke: Spoke.Jira,
    title: 'Update issue',
    description:
      'Edits the fields of an issue (PUT /rest/api/3/issue/{issueIdOrKey}): summary, a plain-text description (sent as an Atlassian Document Format document), labels (replacing the current ones) and any other field by ID in fields. Atlassian answers 400 naming a field that is not on the edit screen or has a wrong value; nothing is changed then.',
    inputSchema: {
      type: 'object',
      required: ['issueIdOrKey'],
      additionalProperties: false,
      properties: {
        issueIdOrKey: ISSUE_KEY_INPUT,
        summary: {
          type: 'string',
          title: 'Summary',
          minLength: 1,
          maxLength: 255,
          pattern: '^[^\\r\\n]*$',
        },
        description: { ...PLAIN_TEXT_INPUT, title: 'Description' },
        labels: {
          type: 'array',
          title: 'Labels',
          uniqueItems: true,
          items: { type: 'string', pattern: '^\\S{1,255}$' },
        },
        fields: ISSUE_FIELDS_INPUT,
        notifyUsers: NOTIFY_USERS_INPUT,
      },
      // At least one change: an empty edit is a mistake in the flow, not a no-op to send.
      anyOf: CHANGES.map((name) => ({
        type: 'object',
        properties: { [name]: {} },
        required: [name],
      })),
    },
    outputSchema: doneSchema({ issueIdOrKey: { type: 'string' } }, 'updated'),
    scopes: { classic: ['write:jira-work'], granular: ['write:issue:jira'] },
    operations: [{ api: 'jira-platform', method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}' }],
    example: {
      issueIdOrKey: 'P001-2',
      summary: 'Give Jane Doe access to the build server (approved)',
      labels: ['onboarding', 'approved'],
      fields: { priority: { name: 'High' } },
    },
    run: async (context, inputs) => {
      const fields: Record<string, unknown> = { ...inputs.fields };
      for (const name of ['summary', 'description', 'labels'] as const) {
        if (inputs[name] === undefined) continue;
        if (name in fields) {
          throw HubError.invalid(
            `inputs.fields.${name}`,
            'exclusive',
            `give ${name} as inputs.${name} or in inputs.fields, not both`,
          );
        }
      }
      if (inputs.summary !== undefined) fields.summary = inputs.summary;
      if (inputs.description !== undefined) fields.description = toAdf(inputs.description);
      if (inputs.labels !== undefined) fields.labels = inputs.labels;
      // Atlassian answers 204 with no body.
      await context.call({
        method: 'PUT',
        path: issuePath(inputs.issueIdOrKey),
        query: { notifyUsers: inputs.notifyUsers },
        body: { fields },
      });
      return { issueIdOrKey: inputs.issueIdOrKey, updated: true };
    },
  },
);
