export enum CredentialType {
  Basic = 'basic',
  OAuth2 = 'oauth2',
  Bearer = 'bearer',
  /** An Atlassian service account's OAuth 2.0 client credentials: no consent, no refresh token. */
  ClientCredentials = 'client_credentials',
}

/** The write-only fields of each credential type. */
export const SECRET_FIELDS_BY_TYPE: Record<CredentialType, readonly CredentialSecretField[]> = {
  [CredentialType.Basic]: ['apiToken'],
  [CredentialType.OAuth2]: ['clientSecret'],
  [CredentialType.Bearer]: ['token'],
  [CredentialType.ClientCredentials]: ['clientSecret'],
};

export type CredentialSecretField = 'apiToken' | 'clientSecret' | 'token';
