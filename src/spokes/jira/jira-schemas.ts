import type { JsonSchemaObject } from '../../actions/action-definition';
import { fetchAllInput } from '../../actions/runtime/paging';

/** A Jira user as Atlassian returns it (privacy controls may hide the e-mail address). */
export const USER_SCHEMA = {
  type: 'object',
  required: ['accountId'],
  properties: {
    accountId: { type: 'string', example: '5b10a2844c20165700ede21g' },
    accountType: { type: 'string', enum: ['atlassian', 'app', 'customer', 'unknown'] },
    displayName: { type: 'string' },
    emailAddress: { type: 'string' },
    active: { type: 'boolean' },
  },
} as const satisfies JsonSchemaObject;

/** A group as the group picker and group operations return it. */
export const GROUP_SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', example: 'jira-software-users' },
    groupId: { type: 'string', example: '276f955c-63d7-42c8-9520-92d01dca0625' },
    self: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** A project (Atlassian's Project bean, the fields flows use). */
export const PROJECT_SCHEMA = {
  type: 'object',
  required: ['id', 'key'],
  properties: {
    id: { type: 'string', example: '10003' },
    key: { type: 'string', example: 'HSP' },
    name: { type: 'string' },
    projectTypeKey: { type: 'string', example: 'software' },
    simplified: { type: 'boolean' },
    style: { type: 'string' },
    isPrivate: { type: 'boolean' },
    self: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** An issue (Atlassian's IssueBean): `fields` holds the fields asked for. */
export const ISSUE_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', example: '10100' },
    key: { type: 'string', example: 'HSP-1' },
    self: { type: 'string' },
    fields: { type: 'object', additionalProperties: true },
  },
} as const satisfies JsonSchemaObject;

export const ACCOUNT_ID_SCHEMA = {
  title: 'Account ID',
  type: 'string',
  minLength: 1,
  maxLength: 128,
  description: 'An Atlassian account ID, e.g. "5b10a2844c20165700ede21g".',
} as const;

export const PROJECT_KEY_SCHEMA = {
  type: 'string',
  pattern: '^[A-Z][A-Z0-9_]{1,9}$',
  description: 'A project key, e.g. "HSP".',
} as const;

/** An issue key (`HSP-1`) or a numeric issue ID (`10100`). */
export const ISSUE_ID_OR_KEY_SCHEMA = {
  title: 'Issue ID or key',
  type: 'string',
  pattern: '^([A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,9}|[0-9]{1,18})$',
  description: 'An issue key such as "HSP-1", or a numeric issue ID.',
} as const;

/**
 * groupname or groupId, exactly one: Atlassian refuses both together and recommends groupId,
 * which survives a rename.
 */
export const GROUP_SELECTOR_PROPERTIES = {
  groupname: { title: 'Group name', type: 'string', minLength: 1, maxLength: 255 },
  groupId: { title: 'Group ID', type: 'string', minLength: 1, maxLength: 255 },
} as const;

// Each branch names its property again: Ajv's strict mode wants a required property defined
// beside the `required` that names it.
export const GROUP_SELECTOR_ONE_OF = [
  {
    type: 'object',
    properties: { groupname: GROUP_SELECTOR_PROPERTIES.groupname },
    required: ['groupname'],
  },
  {
    type: 'object',
    properties: { groupId: GROUP_SELECTOR_PROPERTIES.groupId },
    required: ['groupId'],
  },
];

export interface GroupSelector {
  groupname?: string;
  groupId?: string;
}

export function groupQuery(inputs: GroupSelector): Record<string, string> {
  return inputs.groupId !== undefined
    ? { groupId: inputs.groupId }
    : { groupname: inputs.groupname ?? '' };
}

/** startAt/maxResults/fetchAll inputs of a Jira list action; maxResults defaults to the largest page. */
export function startAtPagingInputs(maxPage: number) {
  return {
    startAt: { title: 'Start at', type: 'integer', minimum: 0, maximum: 2147483647, default: 0 },
    maxResults: {
      title: 'Results per page',
      type: 'integer',
      minimum: 1,
      maximum: maxPage,
      default: maxPage,
      description: `The size of one page; ignored with fetchAll, which asks for ${maxPage} a page.`,
    },
    fetchAll: fetchAllInput('maxResults'),
  } as const;
}

export interface StartAtPagingInputs {
  startAt: number;
  maxResults: number;
  fetchAll: boolean;
}

/** {items, next} where next holds the cursor inputs of the following page, null at the end. */
export function jiraPageSchema(
  item: JsonSchemaObject,
  cursor: Record<string, { type: string }>,
): JsonSchemaObject {
  return {
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: { type: 'array', items: item },
      next: {
        anyOf: [
          { type: 'object', required: Object.keys(cursor), properties: cursor },
          { type: 'null' },
        ],
      },
    },
  };
}
