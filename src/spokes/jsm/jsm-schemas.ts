import type { JsonSchemaObject } from '../../actions/action-definition';
import { fetchAllInput } from '../../actions/runtime/paging';

/** A JSM customer (Atlassian's UserDTO). */
export const CUSTOMER_SCHEMA = {
  type: 'object',
  required: ['accountId'],
  properties: {
    accountId: { type: 'string' },
    displayName: { type: 'string' },
    emailAddress: { type: 'string' },
    active: { type: 'boolean' },
    timeZone: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** A service desk (Atlassian's ServiceDeskDTO). */
export const SERVICE_DESK_SCHEMA = {
  type: 'object',
  required: ['id', 'projectId', 'projectKey'],
  properties: {
    id: { type: 'string', example: '1' },
    projectId: { type: 'string', example: '10000' },
    projectKey: { type: 'string', example: 'SD' },
    projectName: { type: 'string' },
    projectTypeKey: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** A customer request (Atlassian's CustomerRequestDTO, the fields flows use). */
export const CUSTOMER_REQUEST_SCHEMA = {
  type: 'object',
  required: ['issueId', 'issueKey', 'serviceDeskId', 'requestTypeId'],
  properties: {
    issueId: { type: 'string', example: '10010' },
    issueKey: { type: 'string', example: 'SD-2' },
    serviceDeskId: { type: 'string' },
    requestTypeId: { type: 'string' },
    summary: { type: 'string' },
    createdDate: {
      type: 'object',
      properties: { iso8601: { type: 'string' }, epochMillis: { type: 'integer' } },
    },
    reporter: CUSTOMER_SCHEMA,
    requestFieldValues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fieldId'],
        properties: { fieldId: { type: 'string' }, label: { type: 'string' }, value: {} },
      },
    },
    currentStatus: {
      type: 'object',
      properties: { status: { type: 'string' }, statusCategory: { type: 'string' } },
    },
  },
} as const satisfies JsonSchemaObject;

// The spec types serviceDeskId as a string (a project id or key also works in paths); the hub
// takes the numeric service desk id, the one form every JSM operation accepts.
export const SERVICE_DESK_ID_SCHEMA = {
  title: 'Service desk ID',
  type: 'string',
  pattern: '^[0-9]{1,18}$',
  description: 'The numeric service desk ID, e.g. "1" (see jsm.list_service_desks).',
} as const;

export const ACCOUNT_IDS_SCHEMA = {
  title: 'Account IDs',
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 128 },
} as const;

/** Atlassian caps every JSM page at 100 items whatever `limit` asks (the spec names no maximum). */
export const JSM_MAX_PAGE = 100;

/** start/limit/fetchAll inputs of a JSM list action; the defaults ask for the largest page. */
export const JSM_PAGING_INPUTS = {
  start: { title: 'Start at', type: 'integer', minimum: 0, maximum: 2147483647, default: 0 },
  limit: {
    title: 'Results per page',
    type: 'integer',
    minimum: 1,
    maximum: JSM_MAX_PAGE,
    default: JSM_MAX_PAGE,
    description: `The size of one page; ignored with fetchAll, which asks for ${JSM_MAX_PAGE} a page.`,
  },
  fetchAll: fetchAllInput('limit'),
} as const;

export interface JsmPagingInputs {
  start: number;
  limit: number;
  fetchAll: boolean;
}

/** {items, next} where next holds the `start` input of the following page, null at the end. */
export function jsmPageSchema(item: JsonSchemaObject): JsonSchemaObject {
  return {
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: { type: 'array', items: item },
      next: {
        anyOf: [
          {
            type: 'object',
            required: ['start'],
            properties: { start: { type: 'integer' } },
          },
          { type: 'null' },
        ],
      },
    },
  };
}

/** Marks the operations Atlassian still calls experimental: without it they answer 412. */
export const EXPERIMENTAL_API = { 'X-ExperimentalApi': 'opt-in' } as const;
