import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExecutionEntity } from '../src/executions/execution.entity';
import { ExecutionsService } from '../src/executions/executions.service';
import { executionRow } from './factories/executions';
import { Api, connectionUrl, unique } from './factories/records';
import { createAndSignIn, signInConsole } from './support/console-session';
import { refuseExecutions } from './support/refuse-executions';
import { startTestHub, TestHub } from './support/test-hub';

const ADA = { username: 'ada', password: 'admin password 1', role: 'admin' } as const;

describe('Console pages over HTTP', () => {
  let hub: TestHub;
  let cookie: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const admin = new Api(hub.http, hub.adminToken);
    await admin
      .post('/api/users', { username: 'dee', password: 'designer password', role: 'designer' })
      .expect(201);
    ({ cookie } = await signInConsole(hub.http, 'dee', 'designer password'));
    const executions = hub.app.get(ExecutionsService);
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 30; i++) {
      await executions.recordExecution(
        Object.assign(new ExecutionEntity(), {
          id: randomUUID(),
          action: i % 3 === 0 ? 'jira.get_myself' : 'jsm.create_customer',
          alias: 'Jira_SM',
          connectionId: null,
          actor: 'flow',
          status: i % 3 === 0 ? 'error' : 'success',
          inputs: '{}',
          outputs: null,
          error: null,
          upstream: '[]',
          startedAt: new Date(start + i * 60_000),
          finishedAt: new Date(start + i * 60_000 + 5),
          durationMs: 5,
        }),
      );
    }
  });
  afterAll(() => hub.close());

  const get = (path: string) => hub.http.get(path).set('Cookie', cookie);

  it('pages the execution history 25 at a time, keeping the filters in the links', async () => {
    const first = await get('/executions').expect(200);
    expect(first.text).toContain('1–25 of 30');
    const older = /href="([^"]+)" rel="next"/.exec(first.text)?.[1].replace(/&amp;/g, '&');
    expect(older).toBe('/executions?offset=25');
    const second = await get(older!).expect(200);
    expect(second.text).toContain('26–30 of 30');
    expect(second.text).not.toContain('rel="next"');

    const filtered = await get('/executions?status=error&action=jira.get_myself').expect(200);
    expect(filtered.text).toContain('1–10 of 10');

    const range = await get('/executions?from=2026-01-01T00:10&to=2026-01-01T00:20').expect(200);
    expect(range.text).toContain('1–10 of 10');
  });
});

describe('Console dashboard and credential pages over HTTP', () => {
  const DAY = 24 * 60 * 60 * 1000;
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

  /** One panel of the page: from its heading to the end of its section. */
  function panel(html: string, headingId: string): string {
    const start = html.indexOf(`id="${headingId}"`);
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  }

  it('lists the credentials expiring within 30 days and the recent failed executions', async () => {
    // A minute over whole days, so the days left do not round down while the test runs.
    const inDays = (days: number) => new Date(Date.now() + days * DAY + 60_000).toISOString();
    const soon = await admin.createCredential({
      name: unique('expires-soon'),
      expiresAt: inDays(10),
    });
    const later = await admin.createCredential({
      name: unique('expires-later'),
      expiresAt: inDays(60),
    });
    const failed = executionRow({
      action: 'jsm.create_customer',
      alias: unique('Failing_Alias'),
      status: 'error',
      outputs: null,
      error: JSON.stringify({ httpStatus: 403, message: 'Atlassian refused the request' }),
    });
    const succeeded = executionRow({ alias: unique('Working_Alias') });
    const executions = hub.app.get(ExecutionsService);
    await executions.recordExecution(failed);
    await executions.recordExecution(succeeded);

    const page = await hub.http.get('/').set('Cookie', cookie).expect(200);

    const expiring = panel(page.text, 'expiring-heading');
    expect(expiring).toContain(`href="/credentials/${soon.id}">${String(soon.input.name)}</a>`);
    expect(expiring).toContain('expires in 10 days');
    expect(page.text).not.toContain(String(later.input.name));

    const failures = panel(page.text, 'failures-heading');
    expect(failures).toContain(`href="/executions/${failed.id}">jsm.create_customer</a>`);
    expect(failures).toContain(failed.alias);
    expect(page.text).not.toContain(succeeded.alias);
  });

  it('deletes an unused credential, and refuses one in use on its page, naming the connection', async () => {
    const deleteCredential = (id: string) =>
      hub.http
        .post(`/credentials/${id}/delete`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf });
    const used = await admin.createCredential();
    const connection = await admin.createConnection({
      url: connectionUrl(hub.config.atlassianApiUrl),
      credentialId: used.id,
      aliasId: await admin.aliasId('Jira'),
    });

    const refused = await deleteCredential(used.id).expect(409);
    expect(refused.text).toContain(`value="${String(used.input.name)}"`);
    expect(refused.text).toContain(`is used by connection &quot;${String(connection.name)}&quot;`);
    await admin.get(`/api/credentials/${used.id}`).expect(200);

    const unused = await admin.createCredential();
    const deleted = await deleteCredential(unused.id).expect(303);
    expect(deleted.headers.location).toBe('/credentials?notice=credential-deleted');
    await admin.get(`/api/credentials/${unused.id}`).expect(404);
  });

  it('renames an alias, and keeps a refused name next to its field with the rule', async () => {
    const rename = (id: string, name: string) =>
      hub.http
        .post(`/aliases/${id}`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, name });
    const created = await admin
      .post('/api/aliases', {
        name: unique('Site').replace(/-/g, '_'),
        parentId: await admin.aliasId('Jira'),
      })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const newName = unique('Renamed').replace(/-/g, '_');

    const renamed = await rename(id, newName).expect(303);
    expect(renamed.headers.location).toBe(`/aliases/${id}?notice=alias-renamed`);
    const page = await hub.http.get(renamed.headers.location).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Alias renamed.');
    expect(page.text).toContain(`<h1>${newName}</h1>`);
    expect((await admin.get(`/api/aliases/${id}`).expect(200)).body).toMatchObject({
      name: newName,
    });

    const invalid = await rename(id, '9 lives').expect(400);
    expect(invalid.text).toContain('value="9 lives"');
    expect(invalid.text).toContain(
      'Start with a letter; use only letters, digits and _ . - (at most 100 characters).',
    );
    expect(invalid.text).toContain('aria-invalid="true"');
    const taken = await rename(id, 'Jira').expect(409);
    expect(taken.text).toContain('value="Jira"');
    expect((await admin.get(`/api/aliases/${id}`).expect(200)).body).toMatchObject({
      name: newName,
    });
  });

  it('says that a run could not be recorded, with no link to a record that does not exist', async () => {
    const accept = await refuseExecutions(hub.app.get(DataSource));
    try {
      const page = await hub.http
        .post('/actions/jsm.get_request/run')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, alias: 'No_Such_Alias', 'inputs.issueIdOrKey': 'SD-1' })
        .expect(500);

      expect(page.text).toContain('jsm.get_request ran, but its execution could not be recorded');
      expect(page.text).toContain('Nothing was sent to Atlassian');
      expect(page.text).not.toContain('Open the execution record');
    } finally {
      await accept();
    }
  });

  it('keeps exactly the ticked boxes of a choices input when the runner refuses a run', async () => {
    const refused = await hub.http
      .post('/actions/jsm.get_request/run')
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        alias: '',
        'inputs.issueIdOrKey': 'SD-1',
        'inputs.expand': 'comment.attachment',
      })
      .expect(400);
    const checked = [
      ...refused.text.matchAll(/name="inputs\.expand" value="([^"]+)" checked/g),
    ].map((match) => match[1]);
    expect(checked).toEqual(['comment.attachment']);
  });
});
