import { HubError, HubErrorCode } from '../common/hub-error';
import { parseConnectionUrl } from './connection-url';

const API = 'https://api.atlassian.com';
const CLOUD_ID = '0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f';

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to throw, but it returned');
}

describe('parseConnectionUrl', () => {
  it('accepts <ATLASSIAN_API_URL>/ex/jira/<cloud id> and returns the cloud id', () => {
    const result = parseConnectionUrl(`${API}/ex/jira/${CLOUD_ID}`, API);

    expect(result).toEqual({ url: `${API}/ex/jira/${CLOUD_ID}`, cloudId: CLOUD_ID });
  });

  it.each(['/', '///'])('strips trailing slashes (%j)', (slashes) => {
    const result = parseConnectionUrl(`${API}/ex/jira/${CLOUD_ID}${slashes}`, API);

    expect(result.url).toBe(`${API}/ex/jira/${CLOUD_ID}`);
  });

  it('lower-cases the cloud id, so one site has one URL', () => {
    const result = parseConnectionUrl(`${API}/ex/jira/${CLOUD_ID.toUpperCase()}`, API);

    expect(result).toEqual({ url: `${API}/ex/jira/${CLOUD_ID}`, cloudId: CLOUD_ID });
  });

  it('ignores surrounding whitespace', () => {
    expect(parseConnectionUrl(`  ${API}/ex/jira/${CLOUD_ID}/ \n`, API).cloudId).toBe(CLOUD_ID);
  });

  it('follows a configured ATLASSIAN_API_URL, such as a local fake', () => {
    const fake = 'http://127.0.0.1:1234';

    const result = parseConnectionUrl(`${fake}/ex/jira/${CLOUD_ID}`, fake);

    expect(result).toEqual({ url: `${fake}/ex/jira/${CLOUD_ID}`, cloudId: CLOUD_ID });
  });

  it.each([
    ['a wrong host', `https://evil.example.com/ex/jira/${CLOUD_ID}`],
    [
      'a host that only starts like the API host',
      `https://api.atlassian.com.evil.com/ex/jira/${CLOUD_ID}`,
    ],
    ['plain http', `http://api.atlassian.com/ex/jira/${CLOUD_ID}`],
    ['a site URL', `https://example.atlassian.net/ex/jira/${CLOUD_ID}`],
    ['a cloud id that is not a UUID', `${API}/ex/jira/my-site`],
    ['a cloud id one character short', `${API}/ex/jira/${CLOUD_ID.slice(0, -1)}`],
    ['a Confluence URL', `${API}/ex/confluence/${CLOUD_ID}`],
    ['an extra path segment', `${API}/ex/jira/${CLOUD_ID}/rest/api/3`],
    ['a query string', `${API}/ex/jira/${CLOUD_ID}?x=1`],
    ['no cloud id', `${API}/ex/jira/`],
    ['an empty string', ''],
  ])('refuses %s, on the url field, showing the expected form', (_name, raw) => {
    const error = errorOf(() => parseConnectionUrl(raw, API));

    expect(error).toBeInstanceOf(HubError);
    const hubError = error as HubError;
    expect(hubError.code).toBe(HubErrorCode.InvalidInput);
    expect(hubError.fieldErrors).toHaveLength(1);
    expect(hubError.fieldErrors[0].field).toBe('url');
    expect(hubError.fieldErrors[0].message).toContain(`${API}/ex/jira/<cloud-id>`);
    expect(hubError.message).toContain(`${API}/ex/jira/<cloud-id>`);
  });
});
