/**
 * Every encrypted column in the schema, by table, keyed by the field name bound into each
 * ciphertext. Key rotation re-encrypts exactly these; a new secret column must be listed here.
 */
export const SECRET_COLUMNS: ReadonlyArray<{
  table: string;
  /** The column whose value is bound into each ciphertext as its record id (default `id`). */
  idColumn?: string;
  columns: Readonly<Record<string, string>>;
}> = [
  {
    table: 'credentials',
    columns: {
      apiToken: 'api_token_ciphertext',
      clientSecret: 'client_secret_ciphertext',
      token: 'token_ciphertext',
    },
  },
  {
    table: 'oauth_grants',
    columns: { accessToken: 'access_token_ciphertext', refreshToken: 'refresh_token_ciphertext' },
  },
  { table: 'oauth_states', columns: { codeVerifier: 'code_verifier_ciphertext' } },
  {
    table: 'client_credentials_tokens',
    idColumn: 'credential_id',
    columns: { accessToken: 'access_token_ciphertext' },
  },
];
