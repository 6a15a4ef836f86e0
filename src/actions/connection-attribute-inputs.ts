import { HubError } from '../common/hub-error';
import type { JsonSchemaObject } from './action-definition';
import { alternativesFor } from './input-alternatives';

/** `{"fromConnection": "serviceDeskId"}`: the input takes the resolved connection's attribute. */
export interface AttributeReference {
  fromConnection: string;
}

function isReference(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    Object.hasOwn(value, 'fromConnection')
  );
}

/** Whether any top-level input is written as a reference to a connection attribute. */
export function hasAttributeReferences(inputs: Record<string, unknown>): boolean {
  return Object.values(inputs).some(isReference);
}

/**
 * The inputs as the action will see them, before its schema checks them: each top-level
 * `{"fromConnection": name}` replaced by the connection's attribute, and each top-level input the
 * caller left out filled from an attribute of the same name. A fill is skipped where it could only
 * produce a refusal: for an input whose schema takes no string, and for an input of a "one of"
 * choice when the caller already gave one of its alternatives.
 */
export function applyConnectionAttributes(
  schema: JsonSchemaObject,
  inputs: Record<string, unknown>,
  attributes: Record<string, string>,
  connectionName: string,
): Record<string, unknown> {
  const has = (name: string) => Object.hasOwn(attributes, name);
  const applied: Record<string, unknown> = {};
  for (const [input, value] of Object.entries(inputs)) {
    if (!isReference(value)) {
      applied[input] = value;
      continue;
    }
    const field = `inputs.${input}`;
    const name = value.fromConnection;
    if (typeof name !== 'string') {
      throw HubError.invalid(
        field,
        'fromConnection',
        `${field}.fromConnection must name a connection attribute`,
      );
    }
    if (!has(name)) {
      throw HubError.invalid(
        field,
        'fromConnection',
        `${field} takes the attribute "${name}", which connection "${connectionName}" does not have`,
      );
    }
    applied[input] = attributes[name];
  }
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [input, property] of Object.entries(properties)) {
    if (Object.hasOwn(applied, input) || !has(input) || !takesString(property)) continue;
    const choice = alternativesFor(schema, input);
    if (choice?.alternatives.some((names) => names.some((name) => Object.hasOwn(applied, name))))
      continue;
    applied[input] = attributes[input];
  }
  return applied;
}

function takesString(property: Record<string, unknown>): boolean {
  const type = property.type;
  if (type === undefined) return true;
  return type === 'string' || (Array.isArray(type) && type.includes('string'));
}
