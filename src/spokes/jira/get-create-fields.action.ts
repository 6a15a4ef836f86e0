import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { CREATE_META_MAX_PAGE, CreateField, createFieldsPage } from './create-meta';
import {
  CREATE_FIELD_SCHEMA,
  ISSUE_TYPE_ID_INPUT,
  PROJECT_KEY_INPUT,
  titled,
} from './jira-issue-schemas';
import { jiraPageSchema, startAtPagingInputs, StartAtPagingInputs } from './jira-schemas';

interface GetCreateFieldsInputs extends StartAtPagingInputs {
  projectKey: string;
  issueTypeId: string;
}

export const getCreateFields = defineAction<
  GetCreateFieldsInputs,
  Paged<CreateField, { startAt: number }>
>({
  name: 'jira.get_create_fields',
  spoke: Spoke.Jira,
  title: 'Get create fields',
  description:
    'Lists the fields an issue type has on the create screen of a project (GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}): whether each is required, whether it has a default, its allowed values and type. A required field without a default must be given to jira.create_issue, which checks this before creating. One page of up to 200 by default, every page with fetchAll.',
  inputSchema: {
    type: 'object',
    required: ['projectKey', 'issueTypeId'],
    additionalProperties: false,
    properties: {
      projectKey: PROJECT_KEY_INPUT,
      issueTypeId: ISSUE_TYPE_ID_INPUT,
      ...titled(startAtPagingInputs(CREATE_META_MAX_PAGE)),
    },
  },
  outputSchema: jiraPageSchema(CREATE_FIELD_SCHEMA, { startAt: { type: 'integer' } }),
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:issue-meta:jira', 'read:avatar:jira', 'read:field-configuration:jira'],
  },
  operations: [
    {
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    },
  ],
  example: { projectKey: 'HSP', issueTypeId: '10003' },
  run: async (context, inputs) =>
    createFieldsPage(context, inputs.projectKey, inputs.issueTypeId, inputs),
});
