import type { ActionContext } from '../../actions/action-definition';
import { HubError, type FieldError } from '../../common/hub-error';

/** What Atlassian answers about the fields of a request type (CustomerRequestCreateMetaDTO). */
export interface RequestTypeFields {
  requestTypeFields: Array<{
    fieldId: string;
    name?: string;
    required?: boolean;
    visible?: boolean;
  }>;
  canRaiseOnBehalfOf?: boolean;
  canAddRequestParticipants?: boolean;
}

/** GET …/requesttype/{requestTypeId}/field, hidden fields included when asked. */
export async function fetchRequestTypeFields(
  context: ActionContext,
  serviceDeskId: string,
  requestTypeId: string,
  includeHidden: boolean,
): Promise<RequestTypeFields> {
  const { data } = await context.call<RequestTypeFields>({
    method: 'GET',
    path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(serviceDeskId)}/requesttype/${encodeURIComponent(requestTypeId)}/field`,
    query: { expand: includeHidden ? ['hiddenFields'] : undefined },
  });
  return { ...data, requestTypeFields: data.requestTypeFields ?? [] };
}

/** A value a customer left out: absent, null, blank text or an empty list. */
function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Refuses requestFieldValues that Atlassian would refuse for the request type: a required field
 * left out, or a field the request type does not have (a typo, another type's field). Hidden
 * fields count as fields of the type (Atlassian fills them from their preset values, and a flow may
 * set them), but never as required ones: the portal does not ask the customer for them.
 */
export function checkRequestFieldValues(
  fields: RequestTypeFields,
  values: Record<string, unknown>,
  requestTypeId: string,
): void {
  const name = (fieldId: string) => `inputs.requestFieldValues.${fieldId}`;
  const known = new Map(fields.requestTypeFields.map((field) => [field.fieldId, field]));
  const errors: FieldError[] = [];
  for (const field of fields.requestTypeFields) {
    if (field.required && field.visible !== false && isEmpty(values[field.fieldId])) {
      const label = field.name ? ` (${field.name})` : '';
      errors.push({
        field: name(field.fieldId),
        rule: 'required',
        message: `${name(field.fieldId)}${label} is required by request type ${requestTypeId}`,
      });
    }
  }
  const fieldIds = [...known.keys()].join(', ');
  for (const fieldId of Object.keys(values)) {
    if (known.has(fieldId)) continue;
    errors.push({
      field: name(fieldId),
      rule: 'unknownField',
      message: `${name(fieldId)} is not a field of request type ${requestTypeId} (its fields: ${fieldIds})`,
    });
  }
  if (errors.length > 0) throw HubError.invalidFields(errors);
}
