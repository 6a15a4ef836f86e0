import { registerDecorator } from 'class-validator';

/** An identifier, so that an attribute can share its name with an action input. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 500;

type Problem = string | undefined;

/**
 * The rules of a connection's attributes, each a rule name of its own so that a 400 names which
 * was broken; each message names the attribute at fault.
 */
const RULES: Record<string, (value: unknown) => Problem> = {
  attributesObject: (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? undefined
      : 'attributes must be an object of attribute names to string values',
  attributeCount: (value) =>
    entriesOf(value).length <= MAX_ATTRIBUTES
      ? undefined
      : `attributes must hold at most ${MAX_ATTRIBUTES} attributes`,
  attributeName: (value) => {
    const bad = entriesOf(value).find(([name]) => !ATTRIBUTE_NAME_PATTERN.test(name));
    return bad
      ? `attributes.${bad[0]} is not a valid attribute name: a letter, then letters, digits or _ (at most 64 characters)`
      : undefined;
  },
  attributeValue: (value) => {
    const bad = entriesOf(value).find(
      ([, text]) =>
        typeof text !== 'string' || text.length < 1 || text.length > MAX_ATTRIBUTE_VALUE_LENGTH,
    );
    return bad
      ? `attributes.${bad[0]} must be a string of 1 to ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`
      : undefined;
  },
};

function entriesOf(value: unknown): Array<[string, unknown]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.entries(value)
    : [];
}

/** Validates a property as a connection's attributes map. */
export function ConnectionAttributes(): PropertyDecorator {
  return (target, property) => {
    for (const [name, problemOf] of Object.entries(RULES)) {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown) => problemOf(value) === undefined,
          defaultMessage: (args) => (args && problemOf(args.value)) ?? '',
        },
      });
    }
  };
}
