import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import {
  ACCOUNT_SELECTOR_ONE_OF,
  ACCOUNT_SELECTOR_PAIRS,
  ACCOUNT_SELECTOR_PROPERTIES,
  ACCOUNT_STATE_SCHEMA,
  AccountSelector,
  setAccountActive,
} from './account-status';

interface DeactivateUserInputs extends AccountSelector {
  message?: string;
}

export const deactivateUser = defineAction<DeactivateUserInputs, Record<string, unknown>>({
  name: 'atlassian-admin.deactivate_user',
  spoke: Spoke.AtlassianAdmin,
  title: 'Deactivate user',
  description:
    "Deactivates a managed account: it loses access to every product of the organization. With directoryId and userId, through SCIM (PATCH /scim/directory/{directoryId}/Users/{userId} replacing active with false; the credential must be the directory's SCIM API key). With accountId instead, for an organization without a SCIM directory, through the user management API (POST /users/{account_id}/manage/lifecycle/disable, with an optional message for the account; the credential must be an organization admin API key).",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...ACCOUNT_SELECTOR_PROPERTIES,
      message: {
        title: 'Message to the user',
        type: 'string',
        minLength: 1,
        maxLength: 1000,
        description:
          "With accountId: why, shown to the account when it tries to sign in (Atlassian's default message otherwise).",
      },
    },
    oneOf: ACCOUNT_SELECTOR_ONE_OF,
    // SCIM has no message to carry.
    dependencies: { ...ACCOUNT_SELECTOR_PAIRS, message: ['accountId'] },
  },
  outputSchema: ACCOUNT_STATE_SCHEMA,
  scopes: { classic: [], granular: [] },
  operations: [
    {
      api: 'atlassian-admin',
      method: 'PATCH',
      path: '/scim/directory/{directoryId}/Users/{userId}',
    },
    {
      api: 'atlassian-admin',
      method: 'POST',
      path: '/users/{account_id}/manage/lifecycle/disable',
    },
  ],
  example: { directoryId: 'dir-1', userId: 'c1f7a9d2-5b3e-4e61-9a0f-000000000249' },
  run: (context, inputs) => setAccountActive(context, inputs, false),
});
