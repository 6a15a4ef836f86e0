import { CredentialType } from '../credentials/credential-type';
import { CredentialResponseDto } from '../credentials/dto/credential-response.dto';
import { secretField, textField } from './console-forms';
import type { FormBody } from './console-request';

export const CREDENTIAL_TYPES: Array<{ value: CredentialType; label: string; hint: string }> = [
  {
    value: CredentialType.Basic,
    label: 'Basic (email + API token)',
    hint: 'An Atlassian account email and an API token made for it.',
  },
  {
    value: CredentialType.OAuth2,
    label: 'OAuth 2.0 (3LO app)',
    hint: "An Atlassian OAuth 2.0 app's client id and secret.",
  },
  {
    value: CredentialType.Bearer,
    label: 'Bearer token',
    hint: 'A service-account scoped API token or an organization admin API key.',
  },
  {
    value: CredentialType.ClientCredentials,
    label: 'Service account (OAuth 2.0 client credentials)',
    hint: 'A service account’s OAuth 2.0 client id and secret (admin.atlassian.com › Directory › Service accounts › Create credentials). No consent: the hub gets its own tokens.',
  },
];

/** The non-secret fields each type's form shows; secrets are write-only and handled apart. */
const FIELDS: Record<CredentialType, string[]> = {
  [CredentialType.Basic]: ['username'],
  [CredentialType.OAuth2]: ['clientId', 'authorizationUrl', 'tokenUrl'],
  [CredentialType.Bearer]: [],
  [CredentialType.ClientCredentials]: ['clientId', 'tokenUrl'],
};
const SECRETS: Record<CredentialType, string[]> = {
  [CredentialType.Basic]: ['apiToken'],
  [CredentialType.OAuth2]: ['clientSecret'],
  [CredentialType.Bearer]: ['token'],
  [CredentialType.ClientCredentials]: ['clientSecret'],
};

export function isCredentialType(value: unknown): value is CredentialType {
  return Object.values(CredentialType).includes(value as CredentialType);
}

/**
 * A credential DTO candidate from a form whose inputs are named `<prefix>name`,
 * `<prefix>username`, …: only the chosen type's fields, empty secrets left out (kept on edit).
 * `expiresAt` is a date; on edit an emptied date clears it.
 */
export function credentialFromForm(
  body: FormBody,
  type: CredentialType,
  prefix: string,
  editing: boolean,
): Record<string, unknown> {
  const dto: Record<string, unknown> = {};
  dto.name = textField(body, `${prefix}name`);
  for (const field of FIELDS[type]) dto[field] = textField(body, `${prefix}${field}`);
  for (const field of SECRETS[type]) dto[field] = secretField(body, `${prefix}${field}`);
  const expiresAt = textField(body, `${prefix}expiresAt`);
  if (expiresAt !== undefined) dto.expiresAt = expiresAt;
  else if (editing) dto.expiresAt = null;
  if (!editing) dto.type = type;
  return dropUndefined(dto);
}

/** The form's values for an existing credential (never a secret: those show as "set"). */
export function credentialValues(credential: CredentialResponseDto): Record<string, unknown> {
  return {
    name: credential.name,
    username: credential.username,
    clientId: credential.clientId,
    authorizationUrl: credential.authorizationUrl,
    tokenUrl: credential.tokenUrl,
    expiresAt: credential.expiresAt?.slice(0, 10) ?? '',
  };
}

export function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
