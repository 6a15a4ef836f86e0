type Schema = Record<string, unknown>;

/**
 * "Give exactly one of groupname and groupId" is written in the input schemas as plain JSON
 * Schema, so that any validator enforces it:
 *
 *   oneOf: [{ required: ['groupname'], … }, { required: ['groupId'], … }]
 *
 * (`anyOf` for "at least one of"). A oneOf/anyOf whose every branch is such a `required` list
 * is a choice between inputs; this module recognises it, so that the catalog's errors, the
 * generated docs and the console form all read the rule from the schema instead of repeating it.
 */
export interface InputAlternatives {
  /** `oneOf`: exactly one alternative; `anyOf`: at least one. */
  keyword: 'oneOf' | 'anyOf';
  /** Each alternative: the properties it requires (usually one). */
  alternatives: string[][];
}

/** The branches of a oneOf/anyOf as alternatives, or null when it is not a choice of inputs. */
export function alternativesOfBranches(
  keyword: 'oneOf' | 'anyOf',
  branches: unknown,
): InputAlternatives | null {
  if (!Array.isArray(branches) || branches.length < 2) return null;
  const alternatives: string[][] = [];
  for (const branch of branches as unknown[]) {
    if (!isObject(branch)) return null;
    const required = branch.required;
    if (!Array.isArray(required) || required.length === 0) return null;
    if (!required.every((name) => typeof name === 'string')) return null;
    alternatives.push(required);
  }
  return { keyword, alternatives };
}

/** The choices between inputs declared on an object schema itself (not in its properties). */
export function inputAlternativesOf(schema: object): InputAlternatives[] {
  const found: InputAlternatives[] = [];
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const choice = alternativesOfBranches(keyword, (schema as Schema)[keyword]);
    if (choice) found.push(choice);
  }
  return found;
}

/** The choice a property takes part in, if any. */
export function alternativesFor(schema: object, property: string): InputAlternatives | undefined {
  return inputAlternativesOf(schema).find((choice) =>
    choice.alternatives.some((alternative) => alternative.includes(property)),
  );
}

/** `a`, `a or b`, `a, b or c`; an alternative of several properties reads `a with b`. */
export function describeAlternatives(
  alternatives: string[][],
  conjunction: 'or' | 'and',
  name: (property: string) => string = (property) => property,
): string {
  const items = alternatives.map((alternative) => alternative.map(name).join(' with '));
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** "exactly one of a or b" / "at least one of a or b". */
export function ruleOf(
  choice: InputAlternatives,
  name: (property: string) => string = (property) => property,
): string {
  const quantity = choice.keyword === 'oneOf' ? 'exactly one' : 'at least one';
  return `${quantity} of ${describeAlternatives(choice.alternatives, 'or', name)}`;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
