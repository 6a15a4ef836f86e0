import type { JsonSchemaObject } from '../../actions/action-definition';
import { ACCOUNT_IDS_SCHEMA, CUSTOMER_SCHEMA, SERVICE_DESK_ID_SCHEMA } from './jsm-schemas';

// Inputs of the request lifecycle and organization actions. Each carries a title: the console
// labels its form fields with it.

export const SERVICE_DESK_INPUT = { ...SERVICE_DESK_ID_SCHEMA, title: 'Service desk ID' } as const;

export const REQUEST_KEY_INPUT = {
  title: 'Request key or ID',
  type: 'string',
  pattern: '^([0-9]{1,18}|[A-Z][A-Z0-9_]*-[0-9]{1,18})$',
  description: 'An issue key such as SD-1, or the numeric issue ID.',
} as const;

// Atlassian types these IDs as int32 in paths and bodies; the hub takes them as strings, like
// every other ID it publishes, and refuses what could not be one.
const int32Id = (title: string, description: string) =>
  ({ title, type: 'string', pattern: '^[0-9]{1,9}$', description }) as const;

export const REQUEST_TYPE_ID_INPUT = int32Id(
  'Request type ID',
  'The numeric request type ID (see jsm.list_request_types).',
);

export const ORGANIZATION_ID_INPUT = int32Id(
  'Organization ID',
  'The numeric organization ID (see jsm.list_organizations).',
);

export const ACCOUNT_IDS_INPUT = {
  ...ACCOUNT_IDS_SCHEMA,
  title: 'Account IDs',
  description: 'Atlassian account IDs, one per line.',
} as const;

/** Atlassian's DateDTO. */
const DATE_SCHEMA = {
  type: 'object',
  properties: {
    iso8601: { type: 'string' },
    jira: { type: 'string' },
    friendly: { type: 'string' },
    epochMillis: { type: 'integer' },
  },
} as const;

/** Atlassian's DurationDTO. */
const DURATION_SCHEMA = {
  type: 'object',
  properties: { millis: { type: 'integer' }, friendly: { type: 'string' } },
} as const;

/** A field of a request type (RequestTypeFieldDTO). */
export const REQUEST_TYPE_FIELD_SCHEMA = {
  type: 'object',
  required: ['fieldId', 'required'],
  properties: {
    fieldId: { type: 'string', example: 'customfield_10010' },
    name: { type: 'string' },
    description: { type: 'string' },
    required: { type: 'boolean' },
    visible: { type: 'boolean' },
    validValues: {
      type: 'array',
      items: {
        type: 'object',
        properties: { value: { type: 'string' }, label: { type: 'string' }, children: {} },
      },
    },
    defaultValues: { type: 'array' },
    jiraSchema: { type: 'object', properties: { type: { type: 'string' } } },
  },
} as const satisfies JsonSchemaObject;

/** A request type (RequestTypeDTO, the fields flows use). */
export const REQUEST_TYPE_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '11001' },
    name: { type: 'string' },
    description: { type: 'string' },
    helpText: { type: 'string' },
    issueTypeId: { type: 'string' },
    serviceDeskId: { type: 'string' },
    portalId: { type: 'string' },
    groupIds: { type: 'array', items: { type: 'string' } },
  },
} as const satisfies JsonSchemaObject;

/** A status a request reached (CustomerRequestStatusDTO). */
export const REQUEST_STATUS_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', example: 'Waiting for support' },
    statusCategory: { type: 'string', enum: ['UNDEFINED', 'NEW', 'INDETERMINATE', 'DONE'] },
    statusDate: DATE_SCHEMA,
  },
} as const satisfies JsonSchemaObject;

/** A comment on a request (CommentDTO). */
export const COMMENT_SCHEMA = {
  type: 'object',
  required: ['id', 'body', 'public'],
  properties: {
    id: { type: 'string' },
    body: { type: 'string' },
    public: { type: 'boolean', description: 'False for an internal comment, seen by agents only.' },
    author: CUSTOMER_SCHEMA,
    created: DATE_SCHEMA,
  },
} as const satisfies JsonSchemaObject;

/** A transition a customer may take (CustomerTransitionDTO). */
export const TRANSITION_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'string' }, name: { type: 'string' } },
} as const satisfies JsonSchemaObject;

/** An approval (ApprovalDTO). */
export const APPROVAL_SCHEMA = {
  type: 'object',
  required: ['id', 'finalDecision'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    finalDecision: { type: 'string', enum: ['approved', 'declined', 'pending'] },
    canAnswerApproval: { type: 'boolean' },
    approvers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          approver: CUSTOMER_SCHEMA,
          approverDecision: { type: 'string', enum: ['approved', 'declined', 'pending'] },
        },
      },
    },
    createdDate: DATE_SCHEMA,
    completedDate: DATE_SCHEMA,
  },
} as const satisfies JsonSchemaObject;

const SLA_CYCLE = {
  type: 'object',
  properties: {
    breached: { type: 'boolean' },
    paused: { type: 'boolean' },
    withinCalendarHours: { type: 'boolean' },
    startTime: DATE_SCHEMA,
    stopTime: DATE_SCHEMA,
    breachTime: DATE_SCHEMA,
    goalDuration: DURATION_SCHEMA,
    elapsedTime: DURATION_SCHEMA,
    remainingTime: DURATION_SCHEMA,
  },
} as const;

/** An SLA of a request with its cycles (SlaInformationDTO). */
export const SLA_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string', example: 'Time to first response' },
    ongoingCycle: SLA_CYCLE,
    completedCycles: { type: 'array', items: SLA_CYCLE },
  },
} as const satisfies JsonSchemaObject;

/** A queue of a service desk (QueueDTO). */
export const QUEUE_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    jql: { type: 'string' },
    fields: { type: 'array', items: { type: 'string' } },
    issueCount: { type: 'integer', description: 'Present only when includeCount was asked.' },
  },
} as const satisfies JsonSchemaObject;

/** An issue of a queue (IssueBean, with the fields the queue shows). */
export const QUEUE_ISSUE_SCHEMA = {
  type: 'object',
  required: ['id', 'key'],
  properties: {
    id: { type: 'string' },
    key: { type: 'string', example: 'SD-1' },
    fields: { type: 'object' },
  },
} as const satisfies JsonSchemaObject;

/** A customer organization (OrganizationDTO). */
export const ORGANIZATION_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', example: '1' },
    name: { type: 'string' },
    uuid: { type: 'string' },
    scimManaged: { type: 'boolean' },
    created: DATE_SCHEMA,
  },
} as const satisfies JsonSchemaObject;
