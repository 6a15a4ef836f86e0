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

export const activateUser = defineAction<AccountSelector, Record<string, unknown>>({
  name: 'atlassian-admin.activate_user',
  spoke: Spoke.AtlassianAdmin,
  title: 'Activate user',
  description:
    "Gives a deactivated managed account its access back (the undo of deactivate_user). With directoryId and userId, through SCIM (PATCH /scim/directory/{directoryId}/Users/{userId} replacing active with true; the directory's SCIM API key). With accountId instead, through the user management API (POST /users/{account_id}/manage/lifecycle/enable; an organization admin API key). Atlassian refuses accounts deleted or blocked for export controls.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: ACCOUNT_SELECTOR_PROPERTIES,
    oneOf: ACCOUNT_SELECTOR_ONE_OF,
    dependencies: ACCOUNT_SELECTOR_PAIRS,
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
      path: '/users/{account_id}/manage/lifecycle/enable',
    },
  ],
  example: { accountId: '712020:0a1b2c3d-4e5f-4a6b-8c7d-000000000249' },
  run: (context, inputs) => setAccountActive(context, inputs, true),
});
