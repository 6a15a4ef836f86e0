import { Spoke } from '../../../aliases/spoke';
import { defineAction } from '../../action-definition';
import { ADMIN_ID_SCHEMA, adminUrl, SCIM_USER_SCHEMA } from './admin-schemas';

interface DeactivateUserInputs {
  directoryId: string;
  userId: string;
}

export const deactivateUser = defineAction<DeactivateUserInputs, Record<string, unknown>>({
  name: 'atlassian-admin.deactivate_user',
  spoke: Spoke.AtlassianAdmin,
  title: 'Deactivate user (SCIM)',
  description:
    "Deactivates a user of an identity provider directory through SCIM (PATCH /scim/directory/{directoryId}/Users/{userId} replacing active with false): the account loses access to every product of the organization. userId is the directory's SCIM user id, not the Atlassian account id. The credential must be the directory's SCIM API key.",
  inputSchema: {
    type: 'object',
    required: ['directoryId', 'userId'],
    additionalProperties: false,
    properties: {
      directoryId: { ...ADMIN_ID_SCHEMA, description: 'The SCIM directory ID.' },
      userId: { ...ADMIN_ID_SCHEMA, description: 'The SCIM user ID in that directory.' },
    },
  },
  outputSchema: SCIM_USER_SCHEMA,
  scopes: { classic: [], granular: [] },
  operations: [
    {
      api: 'atlassian-admin',
      method: 'PATCH',
      path: '/scim/directory/{directoryId}/Users/{userId}',
    },
  ],
  example: { directoryId: 'dir-1', userId: 'c1f7a9d2-5b3e-4e61-9a0f-000000000249' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'PATCH',
      path: adminUrl(
        context,
        `/scim/directory/${encodeURIComponent(inputs.directoryId)}/Users/${encodeURIComponent(inputs.userId)}`,
      ),
      headers: { 'Content-Type': 'application/scim+json' },
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      },
    });
    return data;
  },
});
