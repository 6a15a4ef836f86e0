export enum CredentialType {
  Basic = 'basic',
  OAuth2 = 'oauth2',
  Bearer = 'bearer',
}

/** The write-only fields of each credential type. */
export const SECRET_FIELDS_BY_TYPE: Record<CredentialType, readonly CredentialSecretField[]> = {
  [CredentialType.Basic]: ['apiToken'],
  [CredentialType.OAuth2]: ['clientSecret'],
  [CredentialType.Bearer]: ['token'],
};

export type CredentialSecretField = 'apiToken' | 'clientSecret' | 'token';
