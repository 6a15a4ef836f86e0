import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { CUSTOMER_REQUEST_SCHEMA, SERVICE_DESK_ID_SCHEMA } from './jsm-schemas';
import { checkRequestFieldValues, fetchRequestTypeFields } from './request-type-fields';

interface CreateRequestInputs {
  serviceDeskId: string;
  requestTypeId: string;
  requestFieldValues: { summary: string; description?: string } & Record<string, unknown>;
  raiseOnBehalfOf?: string;
  requestParticipants?: string[];
  checkFields?: boolean;
}

export const createRequest = defineAction<CreateRequestInputs, Record<string, unknown>>({
  name: 'jsm.create_request',
  spoke: Spoke.Jsm,
  title: 'Create customer request',
  description:
    "Raises a customer request on a service desk (POST /rest/servicedeskapi/request), optionally on behalf of a customer. requestFieldValues maps Jira field IDs to values; summary is always needed. First reads the request type's fields (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field) and refuses, without creating anything, values that leave out a required field or name a field the type does not have.",
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'requestTypeId', 'requestFieldValues'],
    additionalProperties: false,
    properties: {
      serviceDeskId: { ...SERVICE_DESK_ID_SCHEMA, title: 'Service desk ID' },
      requestTypeId: { title: 'Request type ID', type: 'string', pattern: '^[0-9]{1,18}$' },
      requestFieldValues: {
        title: 'Request field values',
        type: 'object',
        required: ['summary'],
        // Any other Jira field ID of the request type (customfield_10010, priority, …).
        additionalProperties: true,
        properties: {
          summary: { type: 'string', minLength: 1, maxLength: 255 },
          description: { type: 'string', maxLength: 32767 },
        },
      },
      raiseOnBehalfOf: {
        title: 'Raise on behalf of',
        type: 'string',
        minLength: 1,
        maxLength: 128,
        description: 'The accountId of the customer the request is raised for.',
      },
      requestParticipants: {
        title: 'Request participants',
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 128 },
      },
      checkFields: {
        title: 'Check fields first',
        type: 'boolean',
        description:
          "Whether to check requestFieldValues against the request type's fields before creating (the default); false sends them as they are, one request fewer.",
      },
    },
  },
  outputSchema: CUSTOMER_REQUEST_SCHEMA,
  // The union of the two operations' scopes.
  scopes: {
    classic: ['write:servicedesk-request', 'read:servicedesk-request'],
    granular: [
      'read:request:jira-service-management',
      'write:request:jira-service-management',
      'read:user:jira',
      'read:requesttype:jira-service-management',
    ],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'POST', path: '/rest/servicedeskapi/request' },
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field',
    },
  ],
  example: {
    serviceDeskId: '1',
    requestTypeId: '1',
    requestFieldValues: {
      summary: 'Request JSD help via REST',
      description: 'I need a new *mouse* for my Mac',
    },
    raiseOnBehalfOf: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b',
  },
  run: async (context, inputs) => {
    if (inputs.checkFields !== false) {
      // Hidden fields too: a flow may set one, and it must not read as unknown.
      const fields = await fetchRequestTypeFields(
        context,
        inputs.serviceDeskId,
        inputs.requestTypeId,
        true,
      );
      checkRequestFieldValues(fields, inputs.requestFieldValues, inputs.requestTypeId);
    }
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/servicedeskapi/request',
      body: {
        serviceDeskId: inputs.serviceDeskId,
        requestTypeId: inputs.requestTypeId,
        requestFieldValues: inputs.requestFieldValues,
        ...(inputs.raiseOnBehalfOf !== undefined
          ? { raiseOnBehalfOf: inputs.raiseOnBehalfOf }
          : {}),
        ...(inputs.requestParticipants !== undefined
          ? { requestParticipants: inputs.requestParticipants }
          : {}),
      },
    });
    return data;
  },
});
