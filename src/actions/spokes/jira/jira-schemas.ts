import type { JsonSchemaObject } from '../../action-definition';

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
