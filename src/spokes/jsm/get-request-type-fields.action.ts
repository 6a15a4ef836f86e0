import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import {
  REQUEST_TYPE_FIELD_SCHEMA,
  REQUEST_TYPE_ID_INPUT,
  SERVICE_DESK_INPUT,
} from './jsm-lifecycle-schemas';
import { fetchRequestTypeFields, RequestTypeFields } from './request-type-fields';

interface GetRequestTypeFieldsInputs {
  serviceDeskId: string;
  requestTypeId: string;
  includeHidden: boolean;
}

interface GetRequestTypeFieldsOutputs extends RequestTypeFields {
  requiredFieldIds: string[];
}

export const getRequestTypeFields = defineAction<
  GetRequestTypeFieldsInputs,
  GetRequestTypeFieldsOutputs
>({
  name: 'jsm.get_request_type_fields',
  spoke: Spoke.Jsm,
  title: 'Get request type fields',
  description:
    'Reads the fields a request of a request type takes (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field): each with whether it is required, its valid values and its defaults; requiredFieldIds lists the ones jsm.create_request must be given.',
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'requestTypeId'],
    additionalProperties: false,
    properties: {
      serviceDeskId: SERVICE_DESK_INPUT,
      requestTypeId: REQUEST_TYPE_ID_INPUT,
      includeHidden: {
        title: 'Include hidden fields',
        type: 'boolean',
        default: false,
        description: 'Also list the fields the portal hides (filled from their preset values).',
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['requestTypeFields', 'requiredFieldIds'],
    properties: {
      requestTypeFields: { type: 'array', items: REQUEST_TYPE_FIELD_SCHEMA },
      requiredFieldIds: {
        type: 'array',
        items: { type: 'string' },
        description: 'The fields a customer must fill in, in the order the portal shows them.',
      },
      canRaiseOnBehalfOf: { type: 'boolean' },
      canAddRequestParticipants: { type: 'boolean' },
    },
  },
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:requesttype:jira-service-management'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field',
    },
  ],
  example: { serviceDeskId: '2', requestTypeId: '3' },
  run: async (context, inputs) => {
    const fields = await fetchRequestTypeFields(
      context,
      inputs.serviceDeskId,
      inputs.requestTypeId,
      inputs.includeHidden,
    );
    const requiredFieldIds = fields.requestTypeFields
      .filter((field) => field.required && field.visible !== false)
      .map((field) => field.fieldId);
    return { ...fields, requiredFieldIds };
  },
});
