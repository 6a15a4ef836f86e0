import type { JsonSchemaObject } from '../../actions/action-definition';
import {
  ACCOUNT_ID_SCHEMA,
  GROUP_SELECTOR_PROPERTIES,
  ISSUE_ID_OR_KEY_SCHEMA,
  PROJECT_KEY_SCHEMA,
  startAtPagingInputs,
  USER_SCHEMA,
} from './jira-schemas';

/*
 * Inputs and outputs of the issue work actions (issue 13). Every input carries a title: the
 * console labels its form fields with it.
 */

export const ISSUE_KEY_INPUT = { ...ISSUE_ID_OR_KEY_SCHEMA, title: 'Issue key' } as const;
export const ACCOUNT_ID_INPUT = { ...ACCOUNT_ID_SCHEMA, title: 'Account ID' } as const;
export const PROJECT_KEY_INPUT = { ...PROJECT_KEY_SCHEMA, title: 'Project key' } as const;
export const ISSUE_TYPE_ID_INPUT = {
  type: 'string',
  pattern: '^[0-9]{1,18}$',
  title: 'Issue type ID',
  description: 'The numeric ID of an issue type, e.g. "10001" (jira.list_issue_types lists them).',
} as const;
export const GROUP_SELECTOR_INPUTS = {
  groupname: { ...GROUP_SELECTOR_PROPERTIES.groupname, title: 'Group name' },
  groupId: { ...GROUP_SELECTOR_PROPERTIES.groupId, title: 'Group ID' },
} as const;

/** Plain text that becomes an Atlassian Document Format document (toAdf). */
export const PLAIN_TEXT_INPUT = {
  type: 'string',
  minLength: 1,
  maxLength: 32767,
  pattern: '\\S',
} as const;

/**
 * Issue fields by field ID, as Jira's `fields` takes them: `{"priority": {"name": "High"},
 * "customfield_10042": "Payroll down"}`. Which fields exist and what they take depends on the
 * site; jira.get_create_fields lists them for creating, Atlassian names the ones it refuses.
 */
export const ISSUE_FIELDS_INPUT = {
  type: 'object',
  title: 'Other fields',
  minProperties: 1,
  maxProperties: 200,
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,254}$' },
  additionalProperties: true,
  description:
    'More fields by field ID, with the values Jira takes, e.g. {"priority": {"name": "High"}, "duedate": "2026-02-01"}.',
} as const;

export const NOTIFY_USERS_INPUT = {
  type: 'boolean',
  default: true,
  title: 'Notify watchers',
  description: 'Whether Jira e-mails the watchers (turning it off needs admin permissions).',
} as const;

/** A comment (Atlassian's Comment bean, the fields flows use); `body` is an ADF document. */
export const COMMENT_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', example: '10000' },
    self: { type: 'string' },
    author: USER_SCHEMA,
    body: { type: 'object', additionalProperties: true },
    created: { type: 'string', example: '2026-01-05T09:30:00.000+0000' },
    updated: { type: 'string' },
    visibility: { type: 'object', additionalProperties: true },
  },
} as const satisfies JsonSchemaObject;

/** A status as Jira shows it on issues and transitions. */
export const STATUS_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '10001' },
    name: { type: 'string', example: 'Done' },
    description: { type: 'string' },
    statusCategory: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        key: { type: 'string', example: 'done' },
        name: { type: 'string' },
      },
    },
    scope: { type: 'object', additionalProperties: true },
    self: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** A transition an issue can take now, with its screen's fields when asked for. */
export const TRANSITION_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '31' },
    name: { type: 'string', example: 'Done' },
    to: STATUS_SCHEMA,
    hasScreen: { type: 'boolean' },
    isAvailable: { type: 'boolean' },
    fields: { type: 'object', additionalProperties: true },
  },
} as const satisfies JsonSchemaObject;

/** A field of the create screen (FieldCreateMetadata). */
export const CREATE_FIELD_SCHEMA = {
  type: 'object',
  required: ['fieldId', 'name', 'required'],
  properties: {
    fieldId: { type: 'string', example: 'customfield_10042' },
    key: { type: 'string' },
    name: { type: 'string', example: 'Customer impact' },
    required: { type: 'boolean' },
    hasDefaultValue: { type: 'boolean' },
    defaultValue: {},
    allowedValues: { type: 'array' },
    operations: { type: 'array', items: { type: 'string' } },
    schema: { type: 'object', additionalProperties: true },
  },
} as const satisfies JsonSchemaObject;

export const ISSUE_TYPE_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '10001' },
    name: { type: 'string', example: 'Task' },
    description: { type: 'string' },
    subtask: { type: 'boolean' },
    hierarchyLevel: { type: 'integer' },
    self: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

export const PRIORITY_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '3' },
    name: { type: 'string', example: 'Medium' },
    description: { type: 'string' },
    statusColor: { type: 'string' },
    self: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** What a write without an answer body returns: the target and what happened to it. */
export function doneSchema(
  target: Record<string, { type: string }>,
  flag: string,
): JsonSchemaObject {
  return {
    type: 'object',
    required: [...Object.keys(target), flag],
    properties: { ...target, [flag]: { const: true } },
  };
}

/** `{items}` for endpoints that answer everything at once. */
export function listSchema(item: JsonSchemaObject): JsonSchemaObject {
  return {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: item } },
  };
}

export function issuePath(issueIdOrKey: string, below = ''): string {
  return `rest/api/3/issue/${encodeURIComponent(issueIdOrKey)}${below}`;
}

/** The paging inputs with the titles the console labels them with. */
export function titled<T extends ReturnType<typeof startAtPagingInputs>>(inputs: T) {
  return {
    startAt: { ...inputs.startAt, title: 'Start at' },
    maxResults: { ...inputs.maxResults, title: 'Page size' },
    fetchAll: { ...inputs.fetchAll, title: 'Fetch all pages' },
  };
}
