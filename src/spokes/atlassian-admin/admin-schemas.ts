import type { ActionContext, JsonSchemaObject } from '../../actions/action-definition';

/**
 * The organization admin APIs live at the root of the API host (`https://api.atlassian.com/admin/...`),
 * not under the connection's `/ex/jira/<cloud-id>` prefix, so their URLs are absolute.
 */
export function adminUrl(context: ActionContext, path: string): string {
  if (!context.apiRoot) throw new Error('The Atlassian admin actions need the connection origin');
  return `${context.apiRoot}${path}`;
}

// Organization and SCIM directory ids are opaque (UUID-like) strings; they go into paths.
export const ADMIN_ID_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9:_.-]+$',
} as const;

/** A managed account as the organization users API lists it (snake_case, as Atlassian sends). */
export const ORG_USER_SCHEMA = {
  type: 'object',
  required: ['account_id'],
  properties: {
    account_id: { type: 'string' },
    account_type: { type: 'string', example: 'atlassian' },
    account_status: { type: 'string', example: 'active' },
    name: { type: 'string' },
    email: { type: 'string' },
    picture: { type: 'string' },
    access_billable: { type: 'boolean' },
    last_active: { type: 'string' },
    product_access: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          url: { type: 'string' },
          last_active: { type: 'string' },
        },
      },
    },
  },
} as const satisfies JsonSchemaObject;

/** A SCIM 2.0 User resource of an identity provider directory. */
export const SCIM_USER_SCHEMA = {
  type: 'object',
  required: ['id', 'active'],
  properties: {
    id: { type: 'string' },
    userName: { type: 'string' },
    displayName: { type: 'string' },
    active: { type: 'boolean' },
    emails: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          value: { type: 'string' },
          type: { type: 'string' },
          primary: { type: 'boolean' },
        },
      },
    },
    externalId: { type: 'string' },
  },
} as const satisfies JsonSchemaObject;

/** An API token of a managed account (metadata only: Atlassian never shows a token again). */
export const API_TOKEN_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    createdAt: { type: 'string' },
    lastAccess: { type: ['string', 'null'] },
    expiry: { type: ['string', 'null'] },
  },
} as const satisfies JsonSchemaObject;
