import Ajv, { ErrorObject } from 'ajv';
import { FieldError, HubError } from '../common/hub-error';

/** The body of `POST /api/actions/:name/execute` (described for the API by ExecuteActionDto). */
export interface ExecuteBody {
  alias: string;
  inputs: Record<string, unknown>;
}

export const ALIAS_NAME_MAX_LENGTH = 100;

/**
 * Checked with a validator compiled once, as the inputs are, rather than by the global
 * class-validator pipe: every execution passes here, and class-transformer plus class-validator
 * cost tens of microseconds on a two-field body where this costs about one. The answers keep the
 * pipe's shape: one error per field, named with its rule, unknown fields refused.
 */
const validateBody = new Ajv({ allErrors: true, strict: true }).compile<ExecuteBody>({
  type: 'object',
  required: ['alias', 'inputs'],
  additionalProperties: false,
  properties: {
    alias: { type: 'string', minLength: 1, maxLength: ALIAS_NAME_MAX_LENGTH },
    inputs: { type: 'object' },
  },
});

export function parseExecuteBody(body: unknown): ExecuteBody {
  if (validateBody(body)) return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw HubError.invalidFields([
      { field: 'body', rule: 'isObject', message: 'The request body must be a JSON object' },
    ]);
  }
  throw HubError.invalidFields((validateBody.errors ?? []).map(toFieldError));
}

function toFieldError(error: ErrorObject): FieldError {
  if (error.keyword === 'required') {
    const field = String(error.params.missingProperty);
    return { field, rule: 'required', message: `${field} is required` };
  }
  if (error.keyword === 'additionalProperties') {
    const field = String(error.params.additionalProperty);
    return { field, rule: 'unknownField', message: `${field} is not a known field` };
  }
  const field = error.instancePath.split('/').filter(Boolean).join('.');
  if (field === 'alias' && error.keyword === 'type') {
    return { field, rule: 'isString', message: 'alias must be a string' };
  }
  if (field === 'alias') {
    return {
      field,
      rule: 'isLength',
      message: `alias must be between 1 and ${ALIAS_NAME_MAX_LENGTH} characters long`,
    };
  }
  return { field, rule: 'isObject', message: `${field} must be an object` };
}
