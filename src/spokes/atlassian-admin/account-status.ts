import type { ActionContext, JsonSchemaObject } from '../../actions/action-definition';
import { ADMIN_ID_SCHEMA, adminUrl, SCIM_USER_SCHEMA } from './admin-schemas';

/** The user management API's own rule for account_id. */
export const ACCOUNT_ID_SCHEMA = {
  type: 'string',
  pattern: '^[a-zA-Z0-9_|:-]{1,128}$',
} as const;

/** Which account: a SCIM user of a directory, or (without a directory) an Atlassian account. */
export interface AccountSelector {
  directoryId?: string;
  userId?: string;
  accountId?: string;
}

export const ACCOUNT_SELECTOR_PROPERTIES = {
  directoryId: {
    ...ADMIN_ID_SCHEMA,
    title: 'Directory ID',
    description: 'The SCIM directory ID; with userId, the change goes through SCIM.',
  },
  userId: {
    ...ADMIN_ID_SCHEMA,
    title: 'SCIM user ID',
    description: "The directory's SCIM user ID (not the account ID); with directoryId.",
  },
  accountId: {
    ...ACCOUNT_ID_SCHEMA,
    title: 'Account ID',
    description:
      'The Atlassian account ID, for an organization without a SCIM directory: the change goes through the user management API.',
  },
} as const;

// Exactly one way to name the account: a directory's SCIM user, or an account ID.
export const ACCOUNT_SELECTOR_ONE_OF = [
  {
    type: 'object',
    properties: {
      directoryId: ACCOUNT_SELECTOR_PROPERTIES.directoryId,
      userId: ACCOUNT_SELECTOR_PROPERTIES.userId,
    },
    required: ['directoryId', 'userId'],
  },
  {
    type: 'object',
    properties: { accountId: ACCOUNT_SELECTOR_PROPERTIES.accountId },
    required: ['accountId'],
  },
];
// The SCIM pair goes together: half of it beside an accountId is a mistake, not ignored.
export const ACCOUNT_SELECTOR_PAIRS = { directoryId: ['userId'], userId: ['directoryId'] };

/**
 * What both ways answer: the directory's SCIM user resource, or, from the user management API
 * (which answers 204 with no body), the account ID and the state it was put in.
 */
export const ACCOUNT_STATE_SCHEMA = {
  type: 'object',
  required: ['active'],
  properties: {
    accountId: {
      type: 'string',
      description: 'Without a directory: the account changed (the SCIM fields are then absent)',
    },
    ...SCIM_USER_SCHEMA.properties,
  },
} as const satisfies JsonSchemaObject;

/**
 * Sets whether an account may sign in: through SCIM (PATCH replacing `active`) when a directory
 * names it, else through the user management API's lifecycle resource (disable / enable).
 */
export async function setAccountActive(
  context: ActionContext,
  inputs: AccountSelector & { message?: string },
  active: boolean,
): Promise<Record<string, unknown>> {
  if (inputs.directoryId !== undefined && inputs.userId !== undefined) {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'PATCH',
      path: adminUrl(
        context,
        `/scim/directory/${encodeURIComponent(inputs.directoryId)}/Users/${encodeURIComponent(inputs.userId)}`,
      ),
      headers: { 'Content-Type': 'application/scim+json' },
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active } }],
      },
    });
    return data;
  }
  const accountId = inputs.accountId ?? '';
  await context.call({
    method: 'POST',
    path: adminUrl(
      context,
      `/users/${encodeURIComponent(accountId)}/manage/lifecycle/${active ? 'enable' : 'disable'}`,
    ),
    // Without a message Atlassian shows the account its default one.
    ...(inputs.message !== undefined ? { body: { message: inputs.message } } : {}),
  });
  return { accountId, active };
}
