import { Inject, Injectable } from '@nestjs/common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FieldError, HubError } from '../common/hub-error';
import type { AnySpokeAction, OperationListing } from './action-definition';
import { ActionDetailDto, ActionSummaryDto } from './dto/action-response.dto';
import {
  alternativesOfBranches,
  describeAlternatives,
  InputAlternatives,
  ruleOf,
} from './input-alternatives';

export const SPOKE_ACTIONS = Symbol('SPOKE_ACTIONS');

interface CatalogEntry {
  action: AnySpokeAction;
  validate: ValidateFunction;
  /** Whether validating can write defaults into the inputs (useDefaults). */
  fillsDefaults: boolean;
}

/** Every registered action, with a validator compiled from the same schema that is published. */
@Injectable()
export class ActionCatalog {
  private readonly actions = new Map<string, CatalogEntry>();

  constructor(@Inject(SPOKE_ACTIONS) actions: AnySpokeAction[]) {
    // verbose: a oneOf/anyOf error then carries its branches and the data, which is how the
    // errors below tell "give exactly one of a or b" apart from any other oneOf.
    const ajv = new Ajv({
      allErrors: true,
      useDefaults: true,
      coerceTypes: false,
      strict: true,
      verbose: true,
    });
    addFormats(ajv);
    ajv.addKeyword('example');
    for (const action of actions) {
      if (this.actions.has(action.name)) throw new Error(`Two actions are named ${action.name}`);
      this.actions.set(action.name, {
        action,
        validate: ajv.compile(action.inputSchema),
        fillsDefaults: declaresDefaults(action.inputSchema),
      });
    }
  }

  listActions(): ActionSummaryDto[] {
    return [...this.actions.values()]
      .map(({ action }) => toSummary(action))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getAction(name: string): ActionDetailDto {
    const { action } = this.find(name);
    return {
      ...toSummary(action),
      inputSchema: action.inputSchema,
      outputSchema: action.outputSchema,
      operations: action.operations,
      example: action.example,
    };
  }

  /** The operations an operation action runs, searched by id, method or path. */
  listOperations(name: string, search?: string): OperationListing[] {
    const { action } = this.find(name);
    if (!action.operationParts) throw HubError.notFound(`Operation list of action "${name}"`);
    return action.operationParts.listOperations(search);
  }

  find(name: string): CatalogEntry {
    const entry = this.actions.get(name);
    if (!entry) throw HubError.notFound(`Action "${name}"`);
    return entry;
  }

  /** Checks (and fills defaults into) the inputs; a 400 names every bad field. */
  validateInputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const { validate, fillsDefaults } = this.find(name);
    // Ajv writes defaults into what it validates: into a copy, so the caller's object stays as it
    // was. A schema without defaults changes nothing, and spares every execution the clone.
    const checked = fillsDefaults ? structuredClone(inputs) : inputs;
    if (!validate(checked)) throw HubError.invalidFields(toFieldErrors(validate.errors ?? []));
    return checked;
  }
}

/** Whether Ajv's useDefaults could write into inputs validated against this schema. */
function declaresDefaults(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(declaresDefaults);
  if (!schema || typeof schema !== 'object') return false;
  return Object.entries(schema).some(
    ([key, value]) => key === 'default' || declaresDefaults(value),
  );
}

function toSummary(action: AnySpokeAction): ActionSummaryDto {
  return {
    name: action.name,
    spoke: action.spoke,
    title: action.title,
    description: action.description,
    scopes: action.scopes,
  };
}

/**
 * One error per bad field. Ajv reports a failed oneOf/anyOf as the errors of every branch plus
 * "must match exactly one schema in oneOf" on the parent object; when the branches are a choice
 * between inputs (see input-alternatives.ts) that reads as if every alternative were required, so
 * the branch errors are replaced by one error naming the alternatives and the rule.
 */
function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const choices = errors.flatMap((error) => {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') return [];
    const choice = alternativesOfBranches(error.keyword, error.schema);
    return choice ? [{ error, choice }] : [];
  });
  const fieldErrors: FieldError[] = [];
  for (const error of errors) {
    if (choices.some(({ error: parent }) => branchOf(parent, error) !== undefined)) continue;
    const choice = choices.find((candidate) => candidate.error === error);
    fieldErrors.push(
      ...(choice ? choiceErrors(choice.error, choice.choice, errors) : [toFieldError(error)]),
    );
  }
  const unique = [
    ...new Map(fieldErrors.map((e) => [`${e.field}\0${e.rule}\0${e.message}`, e])).values(),
  ];
  // Never answer an invalid input without saying why.
  return unique.length > 0 ? unique : errors.map(toFieldError);
}

/** Which branch of the oneOf/anyOf `parent` reported `error`, if one did. */
function branchOf(parent: ErrorObject, error: ErrorObject): number | undefined {
  if (error === parent || !error.schemaPath.startsWith(`${parent.schemaPath}/`)) return undefined;
  const under = parent.instancePath;
  if (error.instancePath !== under && !error.instancePath.startsWith(`${under}/`)) return undefined;
  return Number(error.schemaPath.slice(parent.schemaPath.length + 1).split('/')[0]);
}

function choiceErrors(
  error: ErrorObject,
  choice: InputAlternatives,
  errors: ErrorObject[],
): FieldError[] {
  const data: unknown = error.data;
  // Not an object at all: the schema's own `type` rule names that.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const base = fieldOf(error.instancePath);
  const name = (property: string) => `${base}.${property}`;
  const given = (property: string) => Object.hasOwn(data, property);
  const { alternatives } = choice;
  const present = alternatives.flatMap((alternative, index) =>
    alternative.every(given) ? [index] : [],
  );
  // A given alternative that still failed: its own errors say why (a bad value, say).
  const branchErrors = (indexes: number[]) =>
    toFieldErrors(errors.filter((e) => indexes.includes(branchOf(error, e) ?? -1)));

  if (choice.keyword === 'oneOf' && present.length >= 2) {
    // Named on the second alternative given (groupId beside groupname), as the one too many.
    const chosen = present.map((index) => alternatives[index]);
    const [first, second] = chosen;
    const field = name(second.find((property) => !first.includes(property)) ?? second[0]);
    const all = describeAlternatives(alternatives, 'or', name);
    const both = chosen.length === 2 && alternatives.length === 2;
    const not = both ? 'not both' : `not ${describeAlternatives(chosen, 'and', name)} together`;
    const message = `give exactly one of ${all}, ${not}`;
    return [{ field, rule: 'exclusive', message }, ...branchErrors(present)];
  }
  if (present.length > 0) {
    const reasons = branchErrors(present);
    if (reasons.length > 0) return reasons;
    const field = name(alternatives[present[0]][0]);
    return [{ field, rule: choice.keyword, message: `${field} ${error.message ?? 'is invalid'}` }];
  }
  // Part of an alternative of several inputs given: name what it still lacks.
  const partial = alternatives.find((alternative) => alternative.some(given));
  if (partial) {
    const alongside = partial.filter(given).map(name).join(' and ');
    return partial
      .filter((property) => !given(property))
      .map((property) => ({
        field: name(property),
        rule: 'required',
        message: `${name(property)} is required with ${alongside}`,
      }));
  }
  return [
    {
      field: name(alternatives[0][0]),
      rule: 'required',
      message: `${ruleOf(choice, name)} is required`,
    },
  ];
}

function fieldOf(instancePath: string): string {
  return ['inputs', ...instancePath.split('/').filter(Boolean)].join('.');
}

function toFieldError(error: ErrorObject): FieldError {
  const base = fieldOf(error.instancePath);
  if (error.keyword === 'required') {
    const field = `${base}.${String(error.params.missingProperty)}`;
    return { field, rule: 'required', message: `${field} is required` };
  }
  if (error.keyword === 'additionalProperties') {
    const field = `${base}.${String(error.params.additionalProperty)}`;
    return { field, rule: 'unknownField', message: `${field} is not a known input` };
  }
  return { field: base, rule: error.keyword, message: `${base} ${error.message ?? 'is invalid'}` };
}
