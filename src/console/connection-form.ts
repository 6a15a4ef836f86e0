import { Spoke } from '../spokes/spoke';
import { ConnectionResponseDto } from '../connections/dto/connection-response.dto';
import { CredentialType } from '../credentials/credential-type';
import { CredentialResponseDto } from '../credentials/dto/credential-response.dto';
import { DEFAULT_SCOPES } from '../spokes';
import type { Type } from '@nestjs/common';
import { FieldError, HubError, HubErrorCode } from '../common/hub-error';
import { parseConnectionUrl } from '../connections/connection-url';
import { FIELDS_BY_TYPE } from '../credentials/credentials.service';
import { checkboxField, integerField, listField, textField, validateAs } from './console-forms';
import type { FormBody } from './console-request';
import {
  CREDENTIAL_TYPES,
  credentialFromForm,
  dropUndefined,
  isCredentialType,
} from './credential-form';

export const NEW_CREDENTIAL = 'new';
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export interface ConnectionFormOptions {
  atlassianApiUrl: string;
  credentials: CredentialResponseDto[];
  spoke: Spoke;
  allowNewCredential: boolean;
  /** The saved connection's credential is OAuth 2.0: scopes matter, so they are shown open. */
  isOAuth: boolean;
  /**
   * Whether the attributes are a field of this form. A saved connection's page edits them in a
   * form of their own, whose save leaves the scopes alone; the record's form would reset them.
   */
  attributesInForm: boolean;
}

/** What the connection form needs besides its values: the URL rule, the pickers, the spoke. */
export function connectionForm(options: ConnectionFormOptions) {
  const byType = (type: CredentialType) =>
    options.credentials
      .filter((credential) => credential.type === type)
      .map((credential) => ({ value: credential.id, label: credential.name }));
  return {
    // The same rule as the server's, so a browser can point out a wrong URL before it is sent.
    urlPattern: `${escapeForPattern(options.atlassianApiUrl)}/ex/jira/${UUID_PATTERN}/?`,
    urlForm: `${options.atlassianApiUrl}/ex/jira/<cloud-id>`,
    urlExample: `${options.atlassianApiUrl}/ex/jira/11223344-a1b2-3b33-c444-def123456789`,
    spoke: options.spoke,
    isOAuth: options.isOAuth,
    // OAuth connections may wait for Save and Get OAuth Token to fill in their site. A new form's
    // credential is only known once submitted, so there the hub checks (Basic and bearer need it).
    urlRequired: !options.isOAuth && !options.allowNewCredential,
    allowNewCredential: options.allowNewCredential,
    attributesInForm: options.attributesInForm,
    credentialOptions: [
      { value: '', label: 'Choose a credential…' },
      ...(options.allowNewCredential
        ? [{ value: NEW_CREDENTIAL, label: 'New credential (below)' }]
        : []),
      ...CREDENTIAL_TYPES.map((type) => ({
        group: type.label,
        options: byType(type.value),
      })).filter((group) => group.options.length > 0),
    ],
    credentialTypeOptions: CREDENTIAL_TYPES.map(({ value, label }) => ({ value, label })),
  };
}

/** A blank form: the spoke's default scopes, the default retry policy. */
export function newConnectionValues(spoke: Spoke, aliasHasActiveConnection: boolean) {
  return {
    'connection.scopes': DEFAULT_SCOPES[spoke].join('\n'),
    'connection.active': !aliasHasActiveConnection,
    'connection.maxRetries': 3,
    'connection.maxRetryWaitSeconds': 60,
    'connection.timeoutMs': 30000,
    'credential.type': CredentialType.Basic,
  };
}

/**
 * An existing connection's values. The scopes field shows the spoke's defaults, not the saved
 * scopes: saving an edit puts the defaults back unless the admin sets scopes in that edit.
 */
export function connectionValues(connection: ConnectionResponseDto) {
  return {
    'connection.name': connection.name,
    'connection.url': connection.url,
    'connection.credentialId': connection.credentialId,
    'connection.scopes': DEFAULT_SCOPES[connection.spoke].join('\n'),
    'connection.active': connection.active,
    'connection.maxRetries': connection.maxRetries,
    'connection.maxRetryWaitSeconds': connection.maxRetryWaitSeconds,
    'connection.timeoutMs': connection.timeoutMs,
    'connection.attributes': attributesText(connection.attributes),
  };
}

/** Entered values to show again after a refused save (secrets are never shown again). */
export function enteredValues(body: FormBody) {
  // Secrets are not sent back: the form asks for the ones that were typed to be typed again.
  const typedSecrets = [
    'credential.apiToken',
    'credential.clientSecret',
    'credential.token',
  ].filter((name) => typeof body[name] === 'string' && body[name] !== '');
  return {
    ...body,
    'connection.active': checkboxField(body, 'connection.active'),
    _typedSecrets: typedSecrets,
  };
}

/**
 * The connection DTO candidate (unprefixed, as the API takes it). Scopes equal to the spoke's
 * defaults are left out, so the API applies (and on edit, announces) the defaults itself.
 */
export function connectionFromForm(body: FormBody, spoke: Spoke): Record<string, unknown> {
  const scopes = listField(body, 'connection.scopes');
  const credentialId = textField(body, 'connection.credentialId');
  return dropUndefined({
    name: textField(body, 'connection.name'),
    url: textField(body, 'connection.url'),
    credentialId: credentialId === NEW_CREDENTIAL ? undefined : credentialId,
    scopes: scopes === undefined || sameScopes(scopes, DEFAULT_SCOPES[spoke]) ? undefined : scopes,
    active: checkboxField(body, 'connection.active'),
    maxRetries: integerField(body, 'connection.maxRetries'),
    maxRetryWaitSeconds: integerField(body, 'connection.maxRetryWaitSeconds'),
    timeoutMs: integerField(body, 'connection.timeoutMs'),
    attributes: attributesField(body, 'connection.attributes'),
  });
}

/**
 * Attributes typed one `name=value` per line (blank lines skipped; a later line wins over an
 * earlier one of the same name). A line without `=` becomes a name without a value, which the
 * DTO's rules then refuse beside the field. Undefined when the form has no such field.
 */
export function attributesField(body: FormBody, name: string): Record<string, string> | undefined {
  const value = body[name];
  if (typeof value !== 'string') return undefined;
  const attributes: Record<string, string> = {};
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    const key = (equals < 0 ? line : line.slice(0, equals)).trim();
    Object.defineProperty(attributes, key, {
      value: equals < 0 ? '' : line.slice(equals + 1).trim(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return attributes;
}

/** The attributes as the form shows them: one `name=value` per line. */
export function attributesText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}

/** The in-place credential, when the picker says "New credential". */
export function newCredentialFromForm(body: FormBody): Record<string, unknown> | undefined {
  if (textField(body, 'connection.credentialId') !== NEW_CREDENTIAL) return undefined;
  return credentialFromForm(body, newCredentialTypeOf(body), 'credential.', false);
}

/** The type of the in-place credential (Basic unless the form names another). */
export function newCredentialTypeOf(body: FormBody): CredentialType {
  return isCredentialType(body['credential.type']) ? body['credential.type'] : CredentialType.Basic;
}

/** What a save that puts the defaults back changes; null when the saved scopes are the defaults. */
export function scopeDiffOf(
  saved: readonly string[],
  defaults: readonly string[],
): { removed: string[]; added: string[] } | null {
  const removed = saved.filter((scope) => !defaults.includes(scope));
  const added = defaults.filter((scope) => !saved.includes(scope));
  return removed.length || added.length ? { removed, added } : null;
}

export function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

/** HTML's pattern attribute is compiled with the `v` flag: escape only what that flag allows. */
function escapeForPattern(text: string): string {
  return text.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * Every problem of a connection form in one answer. The DTO's rules come first, but the service
 * meets the URL's form and the new credential's type-specific fields only later, one part at a
 * time: the console checks those too (with the service's own rules), so the admin sees all of
 * them at once instead of one more per submit.
 */
export async function validateConnectionForm<T extends object>(
  dto: Type<T>,
  value: object,
  body: FormBody,
  atlassianApiUrl: string,
  /** The part the DTO's fields belong to in the form (`connection` for an edit's UpdateConnectionDto). */
  part?: string,
): Promise<T> {
  const errors: FieldError[] = [];
  let validated: T | undefined;
  try {
    validated = await validateAs(dto, value);
  } catch (error) {
    if (!(error instanceof HubError) || error.code !== HubErrorCode.InvalidInput) throw error;
    errors.push(...(part ? error.withFieldPrefix(part) : error).fieldErrors);
  }
  const url = textField(body, 'connection.url');
  if (url !== undefined && !errors.some((error) => error.field === 'connection.url')) {
    try {
      parseConnectionUrl(url, atlassianApiUrl);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      errors.push(...error.withFieldPrefix('connection').fieldErrors);
    }
  }
  const credential = newCredentialFromForm(body);
  if (credential) {
    const type = newCredentialTypeOf(body);
    for (const field of FIELDS_BY_TYPE[type].required) {
      const name = `credential.${field}`;
      if (credential[field] === undefined && !errors.some((error) => error.field === name)) {
        errors.push({
          field: name,
          rule: 'required',
          message: `${field} is required for a ${type} credential`,
        });
      }
    }
  }
  if (errors.length > 0 || !validated) throw HubError.invalidFields(errors);
  return validated;
}
