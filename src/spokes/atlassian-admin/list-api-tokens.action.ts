import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_ID_SCHEMA } from './account-status';
import { adminUrl, API_TOKEN_SCHEMA } from './admin-schemas';

interface ListApiTokensInputs {
  accountId: string;
}

export const listApiTokens = defineAction<
  ListApiTokensInputs,
  { items: Array<Record<string, unknown>> }
>({
  name: 'atlassian-admin.list_api_tokens',
  spoke: Spoke.AtlassianAdmin,
  title: 'List API tokens of a managed account',
  description:
    "Lists the API tokens of a managed account (GET /users/{account_id}/manage/api-tokens, the user management API): label, creation, last access and expiry, never the token itself. Useful to audit a leaver's tokens before deactivating them.",
  inputSchema: {
    type: 'object',
    required: ['accountId'],
    additionalProperties: false,
    properties: {
      accountId: {
        title: 'Account ID',
        ...ACCOUNT_ID_SCHEMA,
        description: 'The Atlassian account ID.',
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: API_TOKEN_SCHEMA } },
  },
  scopes: { classic: [], granular: [] },
  operations: [
    { api: 'atlassian-admin', method: 'GET', path: '/users/{account_id}/manage/api-tokens' },
  ],
  example: { accountId: '712020:0a1b2c3d-4e5f-4a6b-8c7d-000000000000' },
  run: async (context, inputs) => {
    const { data } = await context.call<Array<Record<string, unknown>>>({
      method: 'GET',
      path: adminUrl(context, `/users/${encodeURIComponent(inputs.accountId)}/manage/api-tokens`),
    });
    return { items: Array.isArray(data) ? data : [] };
  },
});
