import type { JsonSchemaObject } from '../../action-definition';

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
