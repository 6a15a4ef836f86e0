import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { HubError } from '../../common/hub-error';
import { checkCreateFields } from './create-field-check';
import { ISSUE_FIELDS_INPUT } from './jira-issue-schemas';
import { PROJECT_KEY_SCHEMA } from './jira-schemas';

interface CreateIssueInputs {
  projectKey: string;
  summary: string;
  issueType?: string;
  issueTypeId?: string;
  description?: string;
  labels?: string[];
  fields?: Record<string, unknown>;
}

interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
}

export const createIssue = defineAction<CreateIssueInputs, Record<string, unknown>>({
  name: 'jira.create_issue',
  spoke: Spoke.Jira,
  title: 'Create issue',
  description:
    'Creates an issue (POST /rest/api/3/issue) in a project, of an issue type named (issueType) or by ID (issueTypeId), with any other field by ID in fields. A plain-text description becomes an Atlassian Document Format document: one paragraph per blank-line-separated block, line breaks kept. Before creating, the hub reads the create metadata of the project and issue type (GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes, by name, and /issuetypes/{issueTypeId}) and answers 400 naming every required field left out and every field the create screen lacks, with nothing created (jira.get_create_fields lists them). Atlassian answers 400 naming a field whose value it refuses.',
  inputSchema: {
    type: 'object',
    required: ['projectKey', 'summary'],
    additionalProperties: false,
    properties: {
      projectKey: { ...PROJECT_KEY_SCHEMA, title: 'Project key' },
      // Jira refuses summaries longer than 255 characters or with line breaks.
      summary: {
        title: 'Summary',
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: '^[^\\r\\n]*$',
      },
      issueType: {
        title: 'Issue type',
        type: 'string',
        minLength: 1,
        maxLength: 255,
        example: 'Task',
      },
      issueTypeId: { title: 'Issue type ID', type: 'string', pattern: '^[0-9]{1,18}$' },
      description: { title: 'Description', type: 'string', minLength: 1, maxLength: 32767 },
      labels: {
        title: 'Labels',
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', pattern: '^\\S{1,255}$' },
      },
      fields: ISSUE_FIELDS_INPUT,
    },
    // Ajv's strict mode wants a required property defined beside the `required` that names it.
    oneOf: [
      { type: 'object', properties: { issueType: { type: 'string' } }, required: ['issueType'] },
      {
        type: 'object',
        properties: { issueTypeId: { type: 'string' } },
        required: ['issueTypeId'],
      },
    ],
  },
  outputSchema: {
    type: 'object',
    required: ['id', 'key'],
    properties: {
      id: { type: 'string', example: '10400' },
      key: { type: 'string', example: 'HSP-301' },
      self: { type: 'string' },
    },
  },
  scopes: {
    classic: ['read:jira-work', 'write:jira-work'],
    granular: [
      'write:issue:jira',
      'write:comment:jira',
      'write:comment.property:jira',
      'write:attachment:jira',
      'read:issue:jira',
      'read:issue-meta:jira',
      'read:avatar:jira',
      'read:field-configuration:jira',
    ],
  },
  operations: [
    { api: 'jira-platform', method: 'POST', path: '/rest/api/3/issue' },
    // The create metadata checked before creating: the issue types by name, then their fields.
    {
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    },
    {
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    },
  ],
  example: {
    projectKey: 'HSP',
    issueType: 'Task',
    summary: 'Give Jane Doe access to the build server',
    description: 'Requested by the onboarding flow.\n\nManager: John Smith',
  },
  run: async (context, inputs) => {
    const reserved = ['project', 'issuetype', 'summary', 'description', 'labels'];
    const clash = Object.keys(inputs.fields ?? {}).find((name) => reserved.includes(name));
    if (clash !== undefined) {
      throw HubError.invalid(
        `inputs.fields.${clash}`,
        'exclusive',
        `inputs.fields.${clash} is set by the action's own inputs (projectKey, issueType or issueTypeId, summary, description, labels)`,
      );
    }
    const fields: Record<string, unknown> = {
      ...inputs.fields,
      project: { key: inputs.projectKey },
      summary: inputs.summary,
      issuetype:
        inputs.issueTypeId !== undefined ? { id: inputs.issueTypeId } : { name: inputs.issueType },
    };
    if (inputs.description !== undefined) fields.description = toAdf(inputs.description);
    if (inputs.labels !== undefined) fields.labels = inputs.labels;
    await checkCreateFields(context, inputs, fields);
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/api/3/issue',
      body: { fields },
    });
    return data;
  },
});

/**
 * Plain text as an Atlassian Document Format document: v3 refuses a plain string description.
 * Blank lines separate paragraphs; single line breaks become hardBreaks. ADF forbids empty text
 * nodes, so blank blocks are dropped.
 */
export function toAdf(text: string): { type: 'doc'; version: 1; content: AdfNode[] } {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines): AdfNode => ({
      type: 'paragraph',
      content: lines.flatMap((line, i): AdfNode[] =>
        i === 0
          ? [{ type: 'text', text: line }]
          : [{ type: 'hardBreak' }, { type: 'text', text: line }],
      ),
    }));
  return { type: 'doc', version: 1, content: paragraphs };
}
