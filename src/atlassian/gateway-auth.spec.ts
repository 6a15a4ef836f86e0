import { AxiosHeaders } from 'axios';
import { isRefusedToken } from './gateway-auth';

describe('isRefusedToken', () => {
  it('takes every 401 as a refused token, whatever its body', () => {
    expect(isRefusedToken({ status: 401, data: { code: 401, message: 'Unauthorized' } })).toBe(
      true,
    );
    expect(isRefusedToken({ status: 401, data: '' })).toBe(true);
  });

  it.each([
    [404, { code: 401, message: 'Unauthorized' }],
    [403, { code: 401, message: 'Unauthorized' }],
    [404, { message: 'The access token is expired' }],
    [403, { errorMessages: ['OAuth 2.0 access token invalid'], errors: {} }],
    [404, { error: 'invalid_token', error_description: 'The access token expired' }],
    [403, { message: 'Access token has been revoked' }],
    [404, { errorMessage: 'Expired access token' }],
    [403, { message: 'Client must be authenticated to access this resource.', 'status-code': 401 }],
    [404, '{"code":401,"message":"Unauthorized"}'],
    [404, 'Token expired'],
  ])('recognizes a gateway %i that says the token was refused: %j', (status, data) => {
    expect(isRefusedToken({ status, data })).toBe(true);
  });

  it('recognizes WWW-Authenticate: Bearer error="invalid_token" on a 403 or a 404', () => {
    const headers = new AxiosHeaders({
      'WWW-Authenticate': 'Bearer realm="atlassian", error="invalid_token"',
    });
    expect(isRefusedToken({ status: 404, headers, data: '' })).toBe(true);
    expect(
      isRefusedToken({
        status: 403,
        headers: { 'www-authenticate': ['Bearer error=invalid_token'] },
        data: null,
      }),
    ).toBe(true);
    expect(
      isRefusedToken({
        status: 403,
        headers: { 'www-authenticate': 'Bearer realm="x"' },
        data: {},
      }),
    ).toBe(false);
  });

  it.each([
    [403, { errorMessages: ['Unauthorized; scope does not match'], errors: {} }],
    [403, { code: 401, message: 'Unauthorized; scope does not match' }],
    [403, { errorMessages: ['You do not have permission to create issues in this project.'] }],
    [404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] }],
    [404, { errorMessages: ['Site temporarily unavailable'], errors: {} }],
    [403, { errorMessages: ['The token field of this issue is invalid.'] }],
    [404, '<html><body>Not Found</body></html>'],
    [404, null],
  ])('leaves a real %i as it is: %j', (status, data) => {
    expect(isRefusedToken({ status, data })).toBe(false);
  });

  it('never counts other statuses, even with a token message', () => {
    for (const status of [200, 400, 429, 500, 503]) {
      expect(isRefusedToken({ status, data: { message: 'The access token is expired' } })).toBe(
        false,
      );
    }
  });
});
