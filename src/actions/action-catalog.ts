import { Inject, Injectable } from '@nestjs/common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FieldError, HubError } from '../common/hub-error';
import type { AnySpokeAction } from './action-definition';
import { ActionDetailDto, ActionSummaryDto } from './dto/action-response.dto';

export const SPOKE_ACTIONS = Symbol('SPOKE_ACTIONS');

/** Every registered action, with a validator compiled from the same schema that is published. */
@Injectable()
export class ActionCatalog {
  private readonly actions = new Map<
    string,
    { action: AnySpokeAction; validate: ValidateFunction }
  >();

  constructor(@Inject(SPOKE_ACTIONS) actions: AnySpokeAction[]) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: true });
    addFormats(ajv);
    ajv.addKeyword('example');
    for (const action of actions) {
      if (this.actions.has(action.name)) throw new Error(`Two actions are named ${action.name}`);
      this.actions.set(action.name, { action, validate: ajv.compile(action.inputSchema) });
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

  find(name: string): { action: AnySpokeAction; validate: ValidateFunction } {
    const entry = this.actions.get(name);
    if (!entry) throw HubError.notFound(`Action "${name}"`);
    return entry;
  }

  /** Checks (and fills defaults into) the inputs; a 400 names every bad field. */
  validateInputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const { validate } = this.find(name);
    const copy = structuredClone(inputs);
    if (!validate(copy)) throw HubError.invalidFields((validate.errors ?? []).map(toFieldError));
    return copy;
  }
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

function toFieldError(error: ErrorObject): FieldError {
  const base = ['inputs', ...error.instancePath.split('/').filter(Boolean)].join('.');
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
