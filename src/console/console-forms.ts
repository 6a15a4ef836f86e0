import type { Type } from '@nestjs/common';
import type { Response } from 'express';
import { FieldError, HubError, HubErrorCode, httpStatusOf } from '../common/hub-error';
import { createValidationPipe } from '../common/validation';
import type { FormBody } from './console-request';
import { FormRules, humanFieldErrors } from './form-rules';

const validationPipe = createValidationPipe();

/**
 * Checks a value built from a form against the very DTO class the API uses, with the API's pipe:
 * the same rules and the same field errors, not a second copy of them.
 */
export async function validateAs<T extends object>(dto: Type<T>, value: object): Promise<T> {
  return (await validationPipe.transform(value, { type: 'body', metatype: dto })) as T;
}

/** A text field: trimmed, and undefined when left empty (so the API's defaults apply). */
export function textField(body: FormBody, name: string): string | undefined {
  const value = body[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A secret field: taken as typed (spaces may matter), undefined when empty. */
export function secretField(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A whole number; anything else is passed on as typed, so the DTO's rule reports it next to the
 * field ("maxRetries must be an integer number") instead of the console inventing a message.
 */
export function integerField(body: FormBody, name: string): number | string | undefined {
  const value = textField(body, name);
  if (value === undefined) return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

export function checkboxField(body: FormBody, name: string): boolean {
  const value = body[name];
  return value === 'on' || value === 'true' || value === '1';
}

/** One entry per line (commas and spaces separate too); for scopes and lists of strings. */
export function listField(body: FormBody, name: string): string[] | undefined {
  const value = body[name];
  if (typeof value !== 'string') return undefined;
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Repeated fields (checkbox groups) arrive as one string or an array of them. */
export function multiField(body: FormBody, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value))
    return value.filter((entry): entry is string => typeof entry === 'string');
  return typeof value === 'string' ? [value] : [];
}

export interface FormFailure {
  status: number;
  message: string;
  /** Messages by field name, as the form's inputs are named. */
  errors: Record<string, string[]>;
  /** Errors whose field the form does not show, for the summary at the top. */
  fieldErrors: FieldError[];
}

/**
 * The failures a form shows next to its fields: the hub's own refusals of what was typed (bad
 * input, a name taken, the last admin). Anything else is rethrown to the error page.
 */
export function formFailureOf(error: unknown, rules?: FormRules, body?: FormBody): FormFailure {
  if (!(error instanceof HubError)) throw error;
  const shownOnForm = [
    HubErrorCode.InvalidInput,
    HubErrorCode.NameTaken,
    HubErrorCode.LastAdmin,
    HubErrorCode.SelfDeletion,
    HubErrorCode.WrongSpoke,
    HubErrorCode.MissingScopes,
    HubErrorCode.NoActiveConnection,
    HubErrorCode.CredentialMissing,
    HubErrorCode.CredentialRefused,
    HubErrorCode.CredentialInUse,
    HubErrorCode.AliasHasChildren,
    HubErrorCode.AliasHasConnections,
    HubErrorCode.ConcurrentChange,
    HubErrorCode.Unauthenticated,
    HubErrorCode.TooManyAttempts,
    HubErrorCode.UpstreamFailed,
    HubErrorCode.NotFound,
    // What an action run or a connection save can meet on an OAuth connection: the admin acts on it.
    HubErrorCode.OAuthReauthorizationRequired,
    HubErrorCode.ConnectionWithoutSite,
    HubErrorCode.NotOAuthConnection,
    HubErrorCode.HostNotAllowed,
    // The action ran but is not in the history: the message says so, and what was sent.
    HubErrorCode.ExecutionNotRecorded,
  ];
  if (!shownOnForm.includes(error.code)) throw error;
  // With the form's rules, messages use the labels the form shows and say what to do.
  const fieldErrors = rules
    ? humanFieldErrors(error.fieldErrors, rules, body ?? {})
    : error.fieldErrors;
  const errors: Record<string, string[]> = {};
  for (const { field, message } of fieldErrors) (errors[field] ??= []).push(message);
  return {
    status: httpStatusOf(error.code),
    message: error.message,
    errors,
    fieldErrors,
  };
}

/**
 * Renders `view` again with the entered values and the errors beside their fields, in the words
 * of the model's `formRules` when it has them.
 */
export function renderFormFailure(
  response: Response,
  view: string,
  model: Record<string, unknown>,
  error: unknown,
  body?: FormBody,
): void {
  const failure = formFailureOf(
    error,
    model.formRules as FormRules | undefined,
    body ?? (model.values as FormBody | undefined),
  );
  response.status(failure.status).render(view, { ...model, failure });
}
