import type { ActionContext } from '../../actions/action-definition';
import { FieldError, HubError } from '../../common/hub-error';
import { createFieldsPage, createIssueTypesPage, EVERY_PAGE } from './create-meta';

export interface CreateTarget {
  projectKey: string;
  issueType?: string;
  issueTypeId?: string;
}

/** The create_issue input that carries a Jira field, for naming it in an error. */
const INPUT_OF_FIELD: Record<string, string> = {
  project: 'projectKey',
  summary: 'summary',
  description: 'description',
  labels: 'labels',
};

/**
 * Checks the fields of an issue to create against the project's create metadata for its issue
 * type, before anything is sent that could create it: a required field without a default that is
 * left out, or a field the create screen does not have, is a 400 naming every such input at once.
 * Atlassian would refuse the same issue, but one field at a time and without saying which input
 * of the flow to fix. Returns nothing; throws the HubError.
 */
export async function checkCreateFields(
  context: ActionContext,
  target: CreateTarget,
  fields: Record<string, unknown>,
): Promise<void> {
  const typeInput = target.issueTypeId !== undefined ? 'issueTypeId' : 'issueType';
  let issueTypeId = target.issueTypeId;
  let typeName = target.issueType ?? `issue type ${target.issueTypeId}`;
  if (issueTypeId === undefined) {
    const { items: types } = await createIssueTypesPage(context, target.projectKey, EVERY_PAGE);
    const wanted = (target.issueType ?? '').toLowerCase();
    const type =
      types.find((t) => t.name === target.issueType) ??
      types.find((t) => t.name.toLowerCase() === wanted);
    if (!type) {
      const names = types.map((t) => t.name).join(', ') || 'none';
      throw HubError.invalid(
        'inputs.issueType',
        'exists',
        `inputs.issueType "${target.issueType}" is not an issue type the account can create in ${target.projectKey} (it can create: ${names})`,
      );
    }
    issueTypeId = type.id;
    typeName = type.name;
  }
  const { items: screen } = await createFieldsPage(
    context,
    target.projectKey,
    issueTypeId,
    EVERY_PAGE,
  );
  const inputOf = (fieldId: string) =>
    fieldId === 'issuetype'
      ? `inputs.${typeInput}`
      : `inputs.${INPUT_OF_FIELD[fieldId] ?? `fields.${fieldId}`}`;
  const where = `a ${typeName} in ${target.projectKey}`;
  const errors: FieldError[] = [];
  for (const field of screen) {
    if (!field.required || field.hasDefaultValue === true || field.fieldId in fields) continue;
    errors.push({
      field: inputOf(field.fieldId),
      rule: 'required',
      message: `${inputOf(field.fieldId)} (${field.name}) is required to create ${where}`,
    });
  }
  const onScreen = new Set(screen.map((field) => field.fieldId));
  for (const fieldId of Object.keys(fields)) {
    if (onScreen.has(fieldId)) continue;
    errors.push({
      field: inputOf(fieldId),
      rule: 'unknown',
      message: `${inputOf(fieldId)} is not a field of the create screen of ${where}`,
    });
  }
  if (errors.length > 0) throw HubError.invalidFields(errors);
}
