import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { FieldError } from '../common/hub-error';
import type { FormBody } from './console-request';

/**
 * What a console form knows about one input: its label, and the browser-side rules (`required`,
 * `minlength`, `maxlength`, `pattern`, `min`, `max`) read from the DTO's class-validator
 * decorators, so the browser checks exactly what the server checks without a second copy.
 */
export interface FieldRule {
  label: string;
  /** What to enter, for "Enter …" (e.g. "a name for the connection"). */
  noun: string;
  /** "Enter" for typed values, "Choose" for pickers. */
  verb: string;
  required: boolean;
  minlength?: number;
  maxlength?: number;
  /** An HTML pattern (compiled by browsers with the `v` flag, anchored to the whole value). */
  pattern?: string;
  min?: number;
  max?: number;
  /** What to do when the pattern is not met: the message beside the field. */
  patternHint?: string;
}

export type FormRules = Record<string, FieldRule>;

export interface FieldSpec {
  dto: Type<object>;
  property: string;
  label: string;
  noun?: string;
  verb?: string;
  /** Overrides the DTO (a form may need what the API leaves optional, or the reverse). */
  required?: boolean;
  patternHint?: string;
  /** The DTO transforms the value before matching (e.g. a pasted site URL): no browser pattern. */
  noPattern?: boolean;
}

interface ValidationMeta {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

function metadataOf(dto: Type<object>, property: string): ValidationMeta[] {
  const all = getMetadataStorage().getTargetValidationMetadatas(
    dto,
    '',
    true,
    false,
  ) as unknown as ValidationMeta[];
  return all.filter((meta) => meta.propertyName === property && !meta.each);
}

/** One field's rules, read from its DTO property's decorators. */
export function fieldRule(spec: FieldSpec): FieldRule {
  const metas = metadataOf(spec.dto, spec.property);
  const rule: FieldRule = {
    label: spec.label,
    noun: spec.noun ?? `the ${lowerFirst(spec.label)}`,
    verb: spec.verb ?? 'Enter',
    // OptionalField (and IsOptional) register a conditional validation: without one it is needed.
    required: spec.required ?? !metas.some((meta) => meta.type === 'conditionalValidation'),
    ...(spec.patternHint ? { patternHint: spec.patternHint } : {}),
  };
  for (const meta of metas) {
    const [first, second] = meta.constraints ?? [];
    if (meta.name === 'isLength') {
      if (typeof first === 'number' && first > 0) rule.minlength = first;
      if (typeof second === 'number') rule.maxlength = second;
    } else if (meta.name === 'min' && typeof first === 'number') rule.min = first;
    else if (meta.name === 'max' && typeof first === 'number') rule.max = first;
    else if (meta.name === 'matches' && first instanceof RegExp && !spec.noPattern) {
      rule.pattern = htmlPattern(first);
    }
  }
  return rule;
}

export function formRules(specs: Record<string, FieldSpec>): FormRules {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, fieldRule(spec)]));
}

/**
 * A RegExp as an HTML pattern: browsers anchor it themselves and compile it with the `v` flag,
 * under which a literal `-` at either end of a character class must be escaped.
 */
export function htmlPattern(regex: RegExp): string {
  const source = regex.source.replace(/^\^/, '').replace(/\$$/, '');
  return source.replace(/\[(\^?)((?:\\.|[^\]\\])*)\]/g, (_whole, negate: string, body: string) => {
    let inner = body;
    if (inner.startsWith('-')) inner = `\\${inner}`;
    if (inner.endsWith('-') && !inner.endsWith('\\-')) inner = `${inner.slice(0, -1)}\\-`;
    return `[${negate}${inner}]`;
  });
}

/** The messages a field shows in the browser, from the same wording as the server's. */
export function clientMessages(rule: FieldRule): Record<string, string> {
  return {
    missing: missingMessage(rule),
    ...(rule.minlength || rule.maxlength ? { length: lengthMessage(rule) } : {}),
    ...(rule.patternHint ? { pattern: rule.patternHint } : {}),
    ...(rule.min !== undefined || rule.max !== undefined ? { range: rangeMessage(rule) } : {}),
  };
}

function missingMessage(rule: FieldRule): string {
  return `${rule.verb} ${rule.noun}.`;
}

function lengthMessage(rule: FieldRule): string {
  if (rule.minlength && rule.maxlength) {
    return `${rule.label} must be ${rule.minlength} to ${rule.maxlength} characters long.`;
  }
  if (rule.maxlength) return `${rule.label} can be at most ${rule.maxlength} characters long.`;
  return `${rule.label} must be at least ${rule.minlength ?? 1} characters long.`;
}

function rangeMessage(rule: FieldRule): string {
  return `${rule.label} must be a whole number from ${rule.min ?? '…'} to ${rule.max ?? '…'}.`;
}

const MISSING_RULES = new Set(['isString', 'isDefined', 'isNotEmpty', 'required', 'isUuid']);

/**
 * The API's field errors in the console's words: the field's label instead of its code name,
 * and what to do. Each field shows one message per problem; an empty field just says to fill
 * it in, not the three rules an absent value breaks.
 */
export function humanFieldErrors(
  errors: FieldError[],
  rules: FormRules,
  body: FormBody,
): FieldError[] {
  const byField = new Map<string, FieldError[]>();
  for (const error of errors) {
    const list = byField.get(error.field) ?? [];
    list.push(error);
    byField.set(error.field, list);
  }
  const result: FieldError[] = [];
  for (const [field, fieldErrors] of byField) {
    const rule = rules[field];
    if (!rule) {
      result.push(...fieldErrors);
      continue;
    }
    const value = body[field];
    const empty = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (
      empty &&
      fieldErrors.some((error) => MISSING_RULES.has(error.rule) || isLengthRule(error))
    ) {
      result.push({ field, rule: 'required', message: missingMessage(rule) });
      continue;
    }
    const messages = new Set(fieldErrors.map((error) => humanMessage(error, rule, field, value)));
    for (const message of messages) result.push({ field, rule: 'human', message });
  }
  return result;
}

function isLengthRule(error: FieldError): boolean {
  return error.rule === 'isLength' || error.rule === 'minLength';
}

function humanMessage(error: FieldError, rule: FieldRule, field: string, value: unknown): string {
  switch (error.rule) {
    case 'isLength':
    case 'minLength':
    case 'maxLength':
      return lengthMessage(rule);
    case 'matches':
      return rule.patternHint ?? `${rule.label} is not in the expected form.`;
    case 'isEmail':
      return `Enter an email address, such as name@example.com, in ${rule.label}.`;
    case 'isUrl':
      return `${rule.label} must be a full address starting with https://.`;
    case 'isInt':
    case 'min':
    case 'max':
      return rangeMessage(rule);
    case 'isDateTime':
      return `${rule.label} must be a date such as 2027-06-30.`;
    case 'isUuid':
      return `Choose ${rule.noun}.`;
    case 'unique':
      return `${relabel(error.message, field, rule.label)}: choose another.`;
    case 'connectionUrl': {
      const site = siteAddressIn(value);
      return site
        ? `That is the site’s address, not the connection URL: Find cloud id turns ${site} into the connection URL.`
        : connectionUrlMessage(error.message);
    }
    default:
      return relabel(error.message, field, rule.label);
  }
}

/** The form comes from the API's message; the API's own hint (an endpoint) is not the console's. */
function connectionUrlMessage(message: string): string {
  const form = /must have the form (\S+)/.exec(message)?.[1];
  return `Connection URL must have the form ${form ?? '…/ex/jira/<cloud-id>'}: Find cloud id below fills it in from the site’s address.`;
}

/** A pasted site address (`https://team.atlassian.net/…`): its host, to offer Find cloud id for. */
export function siteAddressIn(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match =
    /^\s*(?:https?:\/\/)?([a-z0-9][a-z0-9-]{0,62}\.atlassian\.net)(?:[/?#]\S*)?\s*$/i.exec(value);
  return match?.[1].toLowerCase();
}

/** A service message names the field by its code name at the start: use the label there. */
function relabel(message: string, field: string, label: string): string {
  const property = field.slice(field.lastIndexOf('.') + 1);
  for (const name of [field, property]) {
    if (message.startsWith(`${name} `)) return `${label}${message.slice(name.length)}`;
  }
  return message;
}

function lowerFirst(text: string): string {
  // Keep names (Atlassian) and acronyms (URL) as they are.
  if (/^[A-Z][A-Z]/.test(text) || text.startsWith('Atlassian')) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
