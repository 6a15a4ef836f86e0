import { alternativesFor, ruleOf } from '../actions/input-alternatives';
import type { FieldError } from '../common/hub-error';
import type { FormBody } from './console-request';
import type { FormRules } from './form-rules';

type Schema = Record<string, unknown>;

export type InputKind =
  'text' | 'email' | 'textarea' | 'number' | 'boolean' | 'select' | 'choices' | 'lines' | 'json';

/** One input of the Test action form, generated from a property of the action's input schema. */
export interface InputField {
  property: string;
  /** The schema's title: the label the form shows (the property name stays in the hint). */
  title: string;
  /** The form input's name; the same path the catalog's validation errors use. */
  name: string;
  kind: InputKind;
  required: boolean;
  hint: string;
  options: Array<{ value: string; label: string }>;
}

/**
 * Strings, numbers, booleans, enums and arrays of strings get their own inputs; anything else
 * (objects, arrays of objects) is a JSON text area. The schema itself still validates the result.
 */
export function inputFieldsOf(inputSchema: object): InputField[] {
  const schema = inputSchema as Schema;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.entries(properties).map(([property, propertySchema]) => {
    const kind = kindOf(propertySchema);
    const enumValues = enumOf(
      kind === 'choices' ? (propertySchema.items as Schema) : propertySchema,
    );
    return {
      property,
      title: typeof propertySchema.title === 'string' ? propertySchema.title : property,
      name: `inputs.${property}`,
      kind,
      required: required.includes(property),
      hint: [choiceHintOf(schema, property), hintOf(propertySchema, kind)]
        .filter(Boolean)
        .join(' '),
      options: enumValues.map((value) => ({ value, label: value })),
    };
  });
}

/** Inputs of which exactly one is needed are each optional on their own: the hint says so. */
function choiceHintOf(schema: Schema, property: string): string {
  const choice = alternativesFor(schema, property);
  return choice ? `Give ${ruleOf(choice)}.` : '';
}

function kindOf(schema: Schema): InputKind {
  if (enumOf(schema).length > 0 && schema.type === 'string') return 'select';
  switch (schema.type) {
    case 'string':
      if (schema.format === 'email') return 'email';
      return typeof schema.maxLength === 'number' && schema.maxLength > 1000 ? 'textarea' : 'text';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      if (items.type !== 'string') return 'json';
      return enumOf(items).length > 0 ? 'choices' : 'lines';
    }
    default:
      return 'json';
  }
}

function enumOf(schema: Schema | undefined): string[] {
  return Array.isArray(schema?.enum) ? schema.enum.map(String) : [];
}

function hintOf(schema: Schema, kind: InputKind): string {
  const parts: string[] = [];
  if (typeof schema.description === 'string') parts.push(schema.description);
  if (kind === 'lines') parts.push('One per line.');
  if (kind === 'json') parts.push('JSON.');
  if (typeof schema.minimum === 'number' || typeof schema.maximum === 'number') {
    const bound = (value: unknown) => (typeof value === 'number' ? String(value) : '…');
    parts.push(`From ${bound(schema.minimum)} to ${bound(schema.maximum)}.`);
  }
  if (schema.default !== undefined) parts.push(`Default ${JSON.stringify(schema.default)}.`);
  if (schema.example !== undefined) parts.push(`Example: ${JSON.stringify(schema.example)}.`);
  return parts.join(' ');
}

/**
 * The inputs object from the submitted form: empty fields are left out (the schema's defaults
 * apply); a number or JSON that does not parse is passed on as typed, so the schema's own rule
 * names it, except JSON syntax, which only the console can report.
 */
export function inputsFromForm(
  fields: InputField[],
  body: FormBody,
): { inputs: Record<string, unknown>; errors: FieldError[] } {
  const inputs: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    const raw = body[field.name];
    if (field.kind === 'choices') {
      const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
      if (chosen.length > 0) inputs[field.property] = chosen;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text.trim() === '') continue;
    switch (field.kind) {
      case 'number':
        inputs[field.property] = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
        break;
      case 'boolean':
        inputs[field.property] = text === 'true';
        break;
      case 'lines':
        inputs[field.property] = text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
        break;
      case 'json':
        try {
          inputs[field.property] = JSON.parse(text);
        } catch {
          errors.push({
            field: field.name,
            rule: 'json',
            message: `${field.name} is not valid JSON`,
          });
        }
        break;
      default:
        inputs[field.property] = field.kind === 'textarea' ? text : text.trim();
    }
  }
  return { inputs, errors };
}

/** Form values for given inputs (the action's example, to fill the form with). */
export function formValuesOf(fields: InputField[], inputs: Record<string, unknown>): FormBody {
  const values: FormBody = {};
  for (const field of fields) {
    const value = inputs[field.property];
    if (value === undefined) continue;
    if (field.kind === 'lines' && Array.isArray(value)) values[field.name] = value.join('\n');
    else if (field.kind === 'json') values[field.name] = JSON.stringify(value, null, 2);
    else if (field.kind === 'choices') values[field.name] = value;
    else values[field.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

export interface OutputTable {
  /** Where the records are in the outputs (`values`), or '' when the outputs are the list. */
  path: string;
  columns: string[];
  rows: string[][];
}

const MAX_COLUMNS = 8;

/**
 * Outputs that are a list of records (or an object holding one, such as a page's `values`) as a
 * table: one row per record, a column per field (the first few), nested values as compact JSON.
 */
export function outputTableOf(outputs: unknown): OutputTable | null {
  const found = recordsIn(outputs);
  if (!found) return null;
  const columns: string[] = [];
  for (const record of found.records) {
    for (const key of Object.keys(record)) {
      if (!columns.includes(key) && columns.length < MAX_COLUMNS) columns.push(key);
    }
  }
  const rows = found.records.map((record) => columns.map((column) => cellOf(record[column])));
  return { path: found.path, columns, rows };
}

function recordsIn(outputs: unknown): { path: string; records: Schema[] } | null {
  if (isRecordList(outputs)) return { path: '', records: outputs };
  if (outputs && typeof outputs === 'object' && !Array.isArray(outputs)) {
    const lists = Object.entries(outputs).filter(([, value]) => isRecordList(value));
    if (lists.length === 1) return { path: lists[0][0], records: lists[0][1] as Schema[] };
  }
  return null;
}

function isRecordList(value: unknown): value is Schema[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry))
  );
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The Test action form's labels, so the schema's refusals name the fields as the form shows them. */
export function actionFormRules(fields: InputField[]): FormRules {
  return Object.fromEntries(
    fields.map((field) => [
      field.name,
      {
        label: field.title,
        noun: `a value for ${field.title}`,
        verb: field.kind === 'select' || field.kind === 'boolean' ? 'Choose' : 'Enter',
        required: field.required,
      },
    ]),
  );
}
