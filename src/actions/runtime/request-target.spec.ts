import type { OperationRef } from '../action-definition';
import { targetOf } from './request-target';

const SUBJECT = {
  connectionId: 'c1',
  site: 'https://api.atlassian.com/ex/jira/s',
  app: 'client:a',
};
const op = (method: OperationRef['method'], path: string): OperationRef => ({
  api: 'jira-platform',
  method,
  path,
});

describe('targetOf', () => {
  const operations = [
    op('GET', '/rest/api/3/issue/{issueIdOrKey}'),
    op('PUT', '/rest/api/3/issue/{issueIdOrKey}'),
    op('POST', '/rest/api/3/issue/{issueIdOrKey}/comment'),
    op('POST', '/rest/api/3/issue'),
    op('POST', '/rest/servicedeskapi/request/{issueIdOrKey}/comment'),
  ];

  it('names the endpoint by the operation it matches, and the issue of a write', () => {
    expect(
      targetOf({ method: 'PUT', path: 'rest/api/3/issue/ABC-12' }, SUBJECT, operations),
    ).toEqual({
      ...SUBJECT,
      method: 'PUT',
      endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}',
      issue: 'ABC-12',
    });
    expect(
      targetOf(
        { method: 'POST', path: 'rest/servicedeskapi/request/10042/comment?x=1' },
        SUBJECT,
        operations,
      ),
    ).toMatchObject({
      endpoint: 'POST /rest/servicedeskapi/request/{issueIdOrKey}/comment',
      issue: '10042',
    });
    expect(
      targetOf({ method: 'POST', path: 'rest/api/3/issue/A%2D1/comment' }, SUBJECT, operations)
        .issue,
    ).toBe('A-1');
  });

  it('names no issue for a read, nor for a write whose template has none', () => {
    expect(
      targetOf({ method: 'GET', path: 'rest/api/3/issue/ABC-12' }, SUBJECT, operations),
    ).toEqual({
      ...SUBJECT,
      method: 'GET',
      endpoint: 'GET /rest/api/3/issue/{issueIdOrKey}',
    });
    expect(
      targetOf({ method: 'POST', path: 'rest/api/3/issue' }, SUBJECT, operations).issue,
    ).toBeUndefined();
  });

  it('takes a request that matches no operation as its own endpoint, an absolute URL by its path', () => {
    expect(
      targetOf({ method: 'DELETE', path: 'rest/api/3/issue/ABC-12' }, SUBJECT, operations),
    ).toEqual({
      ...SUBJECT,
      method: 'DELETE',
      endpoint: 'DELETE /rest/api/3/issue/ABC-12',
    });
    expect(
      targetOf(
        { method: 'POST', path: 'https://api.atlassian.com/users/abc/manage/lifecycle/disable' },
        SUBJECT,
        [
          {
            api: 'atlassian-admin',
            method: 'POST',
            path: '/users/{account_id}/manage/lifecycle/disable',
          },
        ],
      ).endpoint,
    ).toBe('POST /users/{account_id}/manage/lifecycle/disable');
  });
});
