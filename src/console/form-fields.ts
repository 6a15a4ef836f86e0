import { NewChildAliasDto, NewConnectionDto } from '../aliases/dto/add-connection.dto';
import { CreateAliasDto } from '../aliases/dto/create-alias.dto';
import { DiscoverSiteDto } from '../connections/dto/discover-site.dto';
import { CreateCredentialDto } from '../credentials/dto/create-credential.dto';
import { CreateApiTokenDto } from '../identity/dto/create-api-token.dto';
import { ChangePasswordDto, CreateUserDto } from '../identity/dto/user.dto';
import { FieldSpec, FormRules, formRules } from './form-rules';

/**
 * Every console form's inputs, by input name: the label and which DTO property checks them. The
 * browser-side rules and the human messages both come from here (see form-rules.ts).
 */
const ALIAS_NAME_HINT =
  'Start with a letter; use only letters, digits and _ . - (at most 100 characters).';

function credentialSpecs(prefix: string, labelPrefix: string): Record<string, FieldSpec> {
  const spec = (property: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
    dto: CreateCredentialDto,
    property,
    label,
    ...extra,
  });
  // Type-specific fields are optional in the DTO and required per type by the service: the
  // templates mark the chosen type's fields required.
  return {
    [`${prefix}name`]: spec('name', labelPrefix ? `${labelPrefix}name` : 'Name', {
      noun: 'a name for the credential',
    }),
    [`${prefix}username`]: spec('username', 'Atlassian account email', {
      noun: 'the Atlassian account email',
    }),
    [`${prefix}apiToken`]: spec('apiToken', 'API token', { noun: 'the API token' }),
    [`${prefix}clientId`]: spec('clientId', 'Client id', { noun: "the OAuth app's client id" }),
    [`${prefix}clientSecret`]: spec('clientSecret', 'Client secret', {
      noun: "the OAuth app's client secret",
    }),
    [`${prefix}authorizationUrl`]: spec('authorizationUrl', 'Authorization URL'),
    [`${prefix}tokenUrl`]: spec('tokenUrl', 'Token URL'),
    [`${prefix}token`]: spec('token', 'Token', { noun: 'the token' }),
    [`${prefix}expiresAt`]: spec(
      'expiresAt',
      labelPrefix ? `${labelPrefix}expires on` : 'Expires on',
    ),
  };
}

export const CREDENTIAL_RULES: FormRules = formRules(credentialSpecs('', ''));

const connection = (property: string, label: string, extra: Partial<FieldSpec> = {}) => ({
  dto: NewConnectionDto,
  property,
  label,
  ...extra,
});

export const CONNECTION_RULES: FormRules = formRules({
  'childAlias.name': {
    dto: NewChildAliasDto,
    property: 'name',
    label: 'Child alias name',
    noun: 'a name for the child alias',
    patternHint: ALIAS_NAME_HINT,
  },
  'connection.name': connection('name', 'Name', { noun: 'a name for the connection' }),
  'connection.url': connection('url', 'Connection URL'),
  'connection.credentialId': connection('credentialId', 'Credential', {
    noun: 'a credential, or New credential to make one here',
    verb: 'Choose',
    required: true,
  }),
  'connection.scopes': connection('scopes', 'Scopes'),
  'connection.maxRetries': connection('maxRetries', 'Max retries'),
  'connection.maxRetryWaitSeconds': connection('maxRetryWaitSeconds', 'Max retry wait'),
  'connection.timeoutMs': connection('timeoutMs', 'Timeout'),
  site: {
    dto: DiscoverSiteDto,
    property: 'site',
    label: 'Site',
    noun: "the site's address, such as your-team.atlassian.net",
    required: false,
    noPattern: true,
    patternHint: 'Enter an Atlassian Cloud site such as your-team.atlassian.net.',
  },
  ...credentialSpecs('credential.', 'Credential '),
});

export const ALIAS_RULES: FormRules = formRules({
  name: {
    dto: CreateAliasDto,
    property: 'name',
    label: 'Name',
    noun: 'a name for the alias',
    patternHint: ALIAS_NAME_HINT,
  },
});

export const USER_RULES: FormRules = formRules({
  username: {
    dto: CreateUserDto,
    property: 'username',
    label: 'User name',
    noun: 'a user name',
    patternHint:
      'Use 2 to 100 letters, digits or . _ @ -, starting with a letter or digit (e.g. jane.doe).',
  },
  password: { dto: CreateUserDto, property: 'password', label: 'Password', noun: 'a password' },
});

export const PASSWORD_RULES: FormRules = formRules({
  currentPassword: {
    dto: ChangePasswordDto,
    property: 'currentPassword',
    label: 'Current password',
    noun: 'your current password',
  },
  newPassword: {
    dto: ChangePasswordDto,
    property: 'newPassword',
    label: 'New password',
    noun: 'a new password',
  },
});

export const TOKEN_RULES: FormRules = formRules({
  name: { dto: CreateApiTokenDto, property: 'name', label: 'Name', noun: 'what the token is for' },
});
