import type { OpenApiDocument } from './openapi-request-checker';

/**
 * The Atlassian organization admin operations the `atlassian-admin` spoke calls, written down by
 * hand as an OpenAPI 3.0 fragment, because ../shared/atlassian-openapi/ holds no description of
 * these APIs (docs/decisions.md says why and what this is worth). Transcribed from Atlassian's
 * reference pages, only what those pages state, for only these operations:
 *
 * - Organizations REST API, "Get users in an organization":
 *   `GET https://api.atlassian.com/admin/v1/orgs/{orgId}/users`, optional query `cursor`
 *   (developer.atlassian.com/cloud/admin/organization/rest/api-group-users/).
 * - User provisioning (SCIM) REST API, "Update user by ID (PATCH)":
 *   `PATCH https://api.atlassian.com/scim/directory/{directoryId}/Users/{userId}`, optional queries
 *   `attributes` and `excludedAttributes`, a SCIM PatchOp body
 *   (developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/), whose shape
 *   is RFC 7644 section 3.5.2's and whose media type is RFC 7644 section 8.1's
 *   `application/scim+json` (plain `application/json` is accepted too).
 * - User management REST API, "Get API tokens":
 *   `GET https://api.atlassian.com/users/{account_id}/manage/api-tokens`, `account_id` matching
 *   `[a-zA-Z0-9_|:-]{1,128}` (developer.atlassian.com/cloud/admin/user-management/rest/api-group-api-tokens/).
 *
 * - User management REST API, "Deactivate a user" and "Activate a user":
 *   `POST https://api.atlassian.com/users/{account_id}/manage/lifecycle/disable`, an optional JSON
 *   body holding a string `message`, and `…/lifecycle/enable` without a body, both answering 204
 *   (developer.atlassian.com/cloud/admin/user-management/rest/api-group-lifecycle/).
 *
 * A check against it shows that the hub sends what these pages say; unlike a check against
 * Atlassian's own files, it cannot show that the pages were read right.
 */

const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PATCH_OP_BODY = { schema: { $ref: '#/components/schemas/ScimPatchOp' } };
const ACCOUNT_ID_PARAMETER = {
  name: 'account_id',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[a-zA-Z0-9_|:-]{1,128}$' },
};

export const ATLASSIAN_ADMIN_API: OpenApiDocument = {
  paths: {
    '/admin/v1/orgs/{orgId}/users': {
      get: {
        operationId: 'getUsers',
        parameters: [
          { name: 'orgId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
        ],
      },
    },
    '/scim/directory/{directoryId}/Users/{userId}': {
      patch: {
        operationId: 'patchUser',
        parameters: [
          { name: 'directoryId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'attributes', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'excludedAttributes', in: 'query', required: false, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/scim+json': PATCH_OP_BODY, 'application/json': PATCH_OP_BODY },
        },
      },
    },
    '/users/{account_id}/manage/api-tokens': {
      get: {
        operationId: 'getApiTokens',
        parameters: [ACCOUNT_ID_PARAMETER],
      },
    },
    '/users/{account_id}/manage/lifecycle/disable': {
      post: {
        operationId: 'disableUser',
        parameters: [ACCOUNT_ID_PARAMETER],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: { type: 'object', properties: { message: { type: 'string' } } },
            },
          },
        },
      },
    },
    '/users/{account_id}/manage/lifecycle/enable': {
      post: { operationId: 'enableUser', parameters: [ACCOUNT_ID_PARAMETER] },
    },
  },
  components: {
    schemas: {
      // RFC 7644 3.5.2: "schemas" names the PatchOp message; each operation is add, remove or
      // replace; without a "path" the value is an object of attributes of the resource itself,
      // and remove always needs a path.
      ScimPatchOp: {
        type: 'object',
        required: ['schemas', 'Operations'],
        additionalProperties: false,
        properties: {
          schemas: { type: 'array', minItems: 1, items: { type: 'string', enum: [SCIM_PATCH_OP] } },
          Operations: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['op'],
              additionalProperties: false,
              properties: {
                op: { type: 'string', enum: ['add', 'remove', 'replace'] },
                path: { type: 'string', minLength: 1 },
                value: {},
              },
              anyOf: [
                { required: ['path'] },
                {
                  required: ['value'],
                  properties: {
                    op: { type: 'string', enum: ['add', 'replace'] },
                    value: { type: 'object' },
                  },
                },
              ],
            },
          },
        },
      },
    },
  },
};
