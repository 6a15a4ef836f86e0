import { Spoke } from '../spokes/spoke';
import { DEFAULT_SCOPES } from '../spokes';
import {
  attributesField,
  attributesText,
  connectionForm,
  connectionFromForm,
  newCredentialFromForm,
} from './connection-form';

describe('connectionFromForm', () => {
  const base = {
    'connection.name': ' Jira SM ',
    'connection.url': 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
    'connection.credentialId': '3f1c2a9e-8d4b-4c5e-9a7f-1b2c3d4e5f60',
    'connection.maxRetries': '2',
    'connection.maxRetryWaitSeconds': '',
    'connection.timeoutMs': 'fast',
  };

  it('leaves the scopes out when they are the spoke defaults, so the API applies its reset', () => {
    const sut = connectionFromForm(
      { ...base, 'connection.scopes': [...DEFAULT_SCOPES.jsm].reverse().join('\n') },
      Spoke.Jsm,
    );

    expect(sut).toEqual({
      name: 'Jira SM',
      url: base['connection.url'],
      credentialId: base['connection.credentialId'],
      active: false,
      maxRetries: 2,
      timeoutMs: 'fast',
    });
  });

  it('sends changed scopes and a checked Active', () => {
    const sut = connectionFromForm(
      { ...base, 'connection.scopes': 'read:jira-user, read:me', 'connection.active': 'on' },
      Spoke.Jsm,
    );

    expect(sut.scopes).toEqual(['read:jira-user', 'read:me']);
    expect(sut.active).toBe(true);
  });

  it('takes a credential made in place only when the picker says so, with its type’s fields', () => {
    const form = {
      ...base,
      'credential.type': 'bearer',
      'credential.name': 'Org key',
      'credential.token': 'secret',
      'credential.username': 'ignored@example.com',
    };
    expect(newCredentialFromForm(form)).toBeUndefined();

    const sut = newCredentialFromForm({ ...form, 'connection.credentialId': 'new' });

    expect(sut).toEqual({ type: 'bearer', name: 'Org key', token: 'secret' });
    expect(
      connectionFromForm({ ...form, 'connection.credentialId': 'new' }, Spoke.Jira),
    ).not.toHaveProperty('credentialId');
  });
});

describe('attributesField', () => {
  it('reads one name=value per line, and shows them back the same way', () => {
    const body = { attrs: ' serviceDeskId = 4 \r\n\nprojectKey=OPS=1\nserviceDeskId=5\n' };
    expect(attributesField(body, 'attrs')).toEqual({ serviceDeskId: '5', projectKey: 'OPS=1' });
    expect(attributesText({ serviceDeskId: '5', projectKey: 'OPS' })).toBe(
      'serviceDeskId=5\nprojectKey=OPS',
    );
  });

  it('passes a line without a value on for the DTO to refuse, and an empty field as none', () => {
    expect(attributesField({ attrs: 'serviceDeskId' }, 'attrs')).toEqual({ serviceDeskId: '' });
    expect(attributesField({ attrs: '' }, 'attrs')).toEqual({});
    expect(attributesField({}, 'attrs')).toBeUndefined();
  });

  it('keeps __proto__ as a name (for the DTO to refuse) instead of setting the prototype', () => {
    const parsed = attributesField({ attrs: '__proto__=x' }, 'attrs')!;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('connectionForm', () => {
  it('gives the browser the server’s URL rule as an input pattern', () => {
    const sut = connectionForm({
      atlassianApiUrl: 'http://127.0.0.1:4000',
      credentials: [],
      spoke: Spoke.Jira,
      allowNewCredential: false,
      isOAuth: false,
      attributesInForm: false,
    });
    const pattern = new RegExp(`^(?:${sut.urlPattern})$`, 'v');

    expect(pattern.test('http://127.0.0.1:4000/ex/jira/11223344-a1b2-3b33-c444-def123456789')).toBe(
      true,
    );
    expect(pattern.test('http://127.0.0.1:4000/ex/jira/my-site')).toBe(false);
    expect(pattern.test('http://127a0a0a1:4000/ex/jira/11223344-a1b2-3b33-c444-def123456789')).toBe(
      false,
    );
  });

  it('asks the browser for a URL only where the credential is known not to be OAuth 2.0', () => {
    const form = (allowNewCredential: boolean, isOAuth: boolean) =>
      connectionForm({
        atlassianApiUrl: 'https://api.atlassian.com',
        credentials: [],
        spoke: Spoke.Jira,
        allowNewCredential,
        isOAuth,
        attributesInForm: allowNewCredential,
      }).urlRequired;

    expect(form(false, false)).toBe(true);
    // An OAuth connection may wait for Save and Get OAuth Token to fill in its site.
    expect(form(false, true)).toBe(false);
    // A new form's credential is only known once submitted: the hub checks it then.
    expect(form(true, false)).toBe(false);
  });
});
