import { REQUEST_BODY_LIMIT_BYTES } from '../src/common/request-body';
import { Api } from './factories/records';
import { createAndSignIn } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

const ADA = { username: 'ada', password: 'admin password 1', role: 'admin' } as const;

/**
 * What no form or client library would send, but anyone can: the hub answers each with a 4xx that
 * says what is wrong, on the API as JSON and in the console as a page, never with a 500.
 */
describe('Requests the hub cannot take', () => {
  let hub: TestHub;
  let admin: Api;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
    ({ cookie, csrf } = await createAndSignIn(hub.http, hub.adminToken, ADA));
  });
  afterAll(() => hub.close());

  const rawJson = (body: string, contentType = 'application/json') =>
    hub.http
      .post('/api/credentials')
      .set('Authorization', `Bearer ${hub.adminToken}`)
      .set('Content-Type', contentType)
      .send(body);

  it('answers malformed JSON with 400 and a fixed message that quotes none of the body', async () => {
    const secret = 'ATATT3xMalformedSecret';
    const response = await rawJson(`{"name":"x","apiToken":'${secret}'}`).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'bad_request',
      message: 'The request body is not valid JSON',
    });
    expect(response.text).not.toContain(secret);
  });

  it('answers a body over the limit with 413, as JSON on the API and as a page in the console', async () => {
    const tooBig = 'x'.repeat(REQUEST_BODY_LIMIT_BYTES + 1);
    const api = await rawJson(JSON.stringify({ name: tooBig })).expect(413);
    expect(api.body).toEqual({
      statusCode: 413,
      error: 'payload_too_large',
      message: 'The request body is larger than the hub accepts (1 MB)',
    });

    const page = await hub.http
      .post('/credentials')
      .set('Cookie', cookie)
      .set('Accept', 'text/html')
      .type('form')
      .send({ _csrf: csrf, name: tooBig });
    expect(page.status).toBe(413);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('The request body is larger than the hub accepts (1 MB)');
  });

  it('takes a body under the limit that is larger than Express’s default of 100 kB', async () => {
    // A long issue description typed into the action runner, form-encoded: CJK triples in UTF-8
    // and percent-encoding triples again.
    const description = '課'.repeat(12_000);
    const response = await hub.http
      .post('/actions/jira.create_issue/run')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, alias: 'Jira', 'inputs.description': description });
    // Read whole: the runner refuses the run for its missing fields and keeps what was typed.
    expect(response.status).toBe(400);
    expect(response.text).toContain(description);
  });

  it('answers a charset it cannot decode with 415', async () => {
    const response = await rawJson('{}', 'application/json; charset=bogus').expect(415);
    expect(response.body).toMatchObject({
      error: 'unsupported_media_type',
      message: "The request body's charset is not supported; send UTF-8",
    });
  });

  it('answers a sign-in POST without a form body with the sign-in page, not a crash', async () => {
    const response = await hub.http.post('/sign-in').set('Accept', 'text/html').expect(403);
    expect(response.text).toContain('The sign-in form expired. Please sign in again.');
  });

  it('refuses an execution offset past what the databases take, API and console', async () => {
    const api = await admin.get('/api/executions?offset=99999999999999999999').expect(400);
    expect(api.body.errors).toEqual([expect.objectContaining({ field: 'offset', rule: 'max' })]);
    const page = await hub.http
      .get('/executions?offset=99999999999999999999')
      .set('Cookie', cookie);
    expect(page.status).toBe(400);
    expect(page.text).toContain('offset must not be greater than');
  });

  it('refuses a date the month does not have instead of moving it to the next month', async () => {
    const response = await admin
      .post('/api/credentials', {
        name: 'feb-31',
        type: 'bearer',
        token: 'x',
        expiresAt: '2030-02-31T00:00:00Z',
      })
      .expect(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'expiresAt', rule: 'isDateTime' }),
    ]);
    await admin
      .post('/api/credentials', {
        name: 'feb-28',
        type: 'bearer',
        token: 'x',
        expiresAt: '2030-02-28T00:00:00Z',
      })
      .expect(201);
  });
});
