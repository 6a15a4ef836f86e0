import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BrowserSessionEntity } from '../src/identity/browser-session.entity';
import { SignInFailureEntity } from '../src/identity/sign-in-failure.entity';
import { ADDRESS_FAILURE_LIMIT, FREE_PAIR_FAILURES } from '../src/identity/sign-in-limits';
import { Api } from './factories/records';
import { cookieOf, getSignInForm, postSignIn, signInConsole } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

describe('Console sessions, CSRF and sign-in limits', () => {
  let hub: TestHub;
  let admin: Api;
  let dataSource: DataSource;
  const passwords: Record<string, string> = {};

  async function createUser(username: string, role: 'admin' | 'designer'): Promise<string> {
    passwords[username] = `pw-${randomBytes(12).toString('hex')}`;
    const response = await admin
      .post('/api/users', { username, password: passwords[username], role })
      .expect(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    hub = await startTestHub({
      env: { HUB_TRUST_PROXY: 'loopback', HUB_ALLOWED_HOSTS: 'login.example-idp.com:8443' },
    });
    admin = new Api(hub.http, hub.adminToken);
    dataSource = hub.app.get(DataSource);
    await createUser('ada', 'admin');
    await createUser('dee', 'designer');
  });
  afterAll(() => hub.close());

  it('redirects a request without a session to the sign-in page, keeping only local paths as next', async () => {
    const page = await hub.http.get('/credentials').expect(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fcredentials');

    const session = await postSignIn(hub.http, 'ada', passwords.ada);
    expect(session.status).toBe(303);
    expect(session.headers.location).toBe('/');

    const form = await hub.http.get('/sign-in?next=//evil.example/x');
    expect(form.text).toContain('name="next" value="/"');
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure with the __Host- prefix behind https', async () => {
    const plain = await postSignIn(hub.http, 'ada', passwords.ada);
    const plainCookie = (plain.headers['set-cookie'] as unknown as string[]).find((line) =>
      line.startsWith('hub_session='),
    );
    expect(plainCookie).toMatch(/; HttpOnly/);
    expect(plainCookie).toMatch(/; SameSite=Lax/);
    expect(plainCookie).not.toMatch(/; Secure/);

    const secure = await postSignIn(hub.http, 'ada', passwords.ada, {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    const secureCookie = (secure.headers['set-cookie'] as unknown as string[]).find((line) =>
      line.startsWith('__Host-hub_session='),
    );
    expect(secureCookie).toMatch(/; Path=\/; .*HttpOnly; Secure; SameSite=Lax/);
    // Over https only the prefixed cookie counts.
    const token = cookieOf(secure.headers['set-cookie'], '__Host-hub_session');
    await hub.http
      .get('/account')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `__Host-hub_session=${token}`)
      .expect(200);
    await hub.http
      .get('/account')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `hub_session=${token}`)
      .expect(303);
  });

  it('ends the session cookie with the session, and keeps the sign-in form cookie strict', async () => {
    const signedIn = await postSignIn(hub.http, 'ada', passwords.ada);
    const sessionCookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((line) =>
      line.startsWith('hub_session='),
    );
    const maxAge = Number(/; Max-Age=(\d+)/.exec(sessionCookie ?? '')?.[1]);
    const lifetime = hub.config.sessionMaxHours * 60 * 60;
    expect(maxAge).toBeLessThanOrEqual(lifetime);
    expect(maxAge).toBeGreaterThan(lifetime - 60);

    const form = await hub.http.get('/sign-in').expect(200);
    const formCookie = (form.headers['set-cookie'] as unknown as string[]).find((line) =>
      line.startsWith('hub_sign_in='),
    );
    expect(formCookie).toMatch(
      /; Max-Age=3600; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
  });

  it('prefixes the sign-in form cookie with __Host- over https, and accepts no other there', async () => {
    const https = { 'X-Forwarded-Proto': 'https' };
    const form = await hub.http.get('/sign-in').set(https).expect(200);
    const setCookie = form.headers['set-cookie'] as unknown as string[];
    expect(setCookie.some((line) => line.startsWith('hub_sign_in='))).toBe(false);
    const formCookie = setCookie.find((line) => line.startsWith('__Host-hub_sign_in='));
    // What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    expect(formCookie).toMatch(/; Path=\/; .*HttpOnly; Secure; SameSite=Strict$/);
    expect(formCookie).not.toMatch(/Domain=/i);

    const nonce = cookieOf(setCookie, '__Host-hub_sign_in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const send = (cookie: string) =>
      hub.http
        .post('/sign-in')
        .set(https)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, username: 'ada', password: passwords.ada });
    // The same value without the prefix could have been planted by a subdomain or over http.
    const unprefixed = await send(`hub_sign_in=${nonce}`);
    expect(unprefixed.status).toBe(403);
    expect(cookieOf(unprefixed.headers['set-cookie'], '__Host-hub_session')).toBeUndefined();
    const signedIn = await send(`__Host-hub_sign_in=${nonce}`);
    expect(signedIn.status).toBe(303);
    expect(cookieOf(signedIn.headers['set-cookie'], '__Host-hub_session')).toBeDefined();
  });

  it('makes the cookie Secure when HUB_PUBLIC_URL is https, without a trusted proxy', async () => {
    const behindProxy = await startTestHub({ env: { HUB_PUBLIC_URL: 'https://hub.example.com' } });
    try {
      await new Api(behindProxy.http, behindProxy.adminToken)
        .post('/api/users', { username: 'ada', password: passwords.ada, role: 'admin' })
        .expect(201);
      const form = await behindProxy.http.get('/sign-in').expect(200);
      expect(String(form.headers['set-cookie'])).toMatch(
        /^__Host-hub_sign_in=[^;]+;.*Path=\/;.*Secure; SameSite=Strict$/,
      );
      const response = await postSignIn(behindProxy.http, 'ada', passwords.ada);
      const token = cookieOf(response.headers['set-cookie'], '__Host-hub_session');
      expect(token).toBeDefined();
      expect(String(response.headers['set-cookie'])).toMatch(/__Host-hub_session=[^;]+;.*Secure/);
      await behindProxy.http
        .get('/account')
        .set('Cookie', `__Host-hub_session=${token}`)
        .expect(200);
    } finally {
      await behindProxy.close();
    }
  });

  it('never lets a session cookie authenticate the REST API', async () => {
    const { cookie } = await signInConsole(hub.http, 'ada', passwords.ada);

    const response = await hub.http.get('/api/aliases').set('Cookie', cookie);
    expect(response.status).toBe(401);
    await hub.http
      .post('/api/tokens')
      .set('Cookie', cookie)
      .send({ name: 'x', role: 'admin' })
      .expect(401);
  });

  it('refuses a console form without the session’s CSRF token, changing nothing', async () => {
    const { cookie, csrf } = await signInConsole(hub.http, 'ada', passwords.ada);
    const tokensBefore = (await admin.get('/api/tokens').expect(200)).body.length;

    for (const body of [
      { name: 'csrf-less', role: 'admin' },
      { name: 'forged', role: 'admin', _csrf: 'x'.repeat(43) },
    ]) {
      const refused = await hub.http.post('/tokens').set('Cookie', cookie).type('form').send(body);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('This form has expired or did not come from the hub');
    }
    // Another session's token does not fit this one.
    const other = await signInConsole(hub.http, 'ada', passwords.ada);
    await hub.http
      .post('/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ name: 'cross', role: 'admin', _csrf: other.csrf })
      .expect(403);
    expect((await admin.get('/api/tokens').expect(200)).body.length).toBe(tokensBefore);

    const created = await hub.http
      .post('/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ name: 'with-csrf', role: 'designer', _csrf: csrf });
    expect(created.status).toBe(201);
    expect(created.text).toMatch(/value="ihub_[A-Za-z0-9_-]{43}"/);
    expect(created.headers['cache-control']).toBe('no-store');
  });

  it('refuses a sign-in form that did not come from the sign-in page', async () => {
    const response = await hub.http
      .post('/sign-in')
      .type('form')
      .send({ username: 'ada', password: passwords.ada, _csrf: 'guessed' });
    expect(response.status).toBe(403);
    expect(cookieOf(response.headers['set-cookie'], 'hub_session')).toBeUndefined();
  });

  it('refuses a sign-in cookie and form token that the client made up, even when they match', async () => {
    const chosen = randomBytes(32).toString('base64url');
    const forged = await hub.http
      .post('/sign-in')
      .set('Cookie', `hub_sign_in=${chosen}`)
      .type('form')
      .send({ _csrf: chosen, username: 'ada', password: passwords.ada });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('The sign-in form expired. Please sign in again.');
    expect(cookieOf(forged.headers['set-cookie'], 'hub_session')).toBeUndefined();
  });

  it('accepts the token the sign-in page issued, only with the cookie issued with it', async () => {
    const first = await getSignInForm(hub.http);
    const second = await getSignInForm(hub.http);
    expect(first.csrf).not.toBe(second.csrf);
    const send = (cookie: string, csrf: string) =>
      hub.http
        .post('/sign-in')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, username: 'ada', password: passwords.ada });

    expect((await send(second.cookie, first.csrf)).status).toBe(403);
    const signedIn = await send(first.cookie, first.csrf);
    expect(signedIn.status).toBe(303);
    expect(cookieOf(signedIn.headers['set-cookie'], 'hub_session')).toBeDefined();
  });

  it('answers a designer with a 403 page on admin pages and admin form posts', async () => {
    const { cookie, csrf } = await signInConsole(hub.http, 'dee', passwords.dee);
    const page = await hub.http.get('/users').set('Cookie', cookie);
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('This page is for admin users');
    await hub.http
      .post('/users')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, username: 'mallory', password: 'x'.repeat(20), role: 'admin' })
      .expect(403);
    const users = (await admin.get('/api/users').expect(200)).body as Array<{ username: string }>;
    expect(users.map((user) => user.username)).not.toContain('mallory');

    const jiraId = await admin.aliasId('Jira');
    const aliasPage = await hub.http.get(`/aliases/${jiraId}`).set('Cookie', cookie).expect(200);
    expect(aliasPage.text).not.toContain(`action="/aliases/${jiraId}"`);
    await hub.http
      .post(`/aliases/${jiraId}`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, name: 'Hijacked' })
      .expect(403);
    await admin.aliasId('Jira');
  });

  describe('sign-in limits', () => {
    const failures = () => dataSource.getRepository(SignInFailureEntity);
    const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } });
    /**
     * A sign-in form fetched ahead, then sent: an attempt that must land inside a wait of a few
     * seconds is then one request after the failure, however slow the machine.
     */
    const formReady = async (address: string) => {
      const form = await getSignInForm(hub.http, { 'X-Forwarded-For': address });
      return (username: string, password: string) =>
        hub.http
          .post('/sign-in')
          .set('X-Forwarded-For', address)
          .set('Cookie', form.cookie)
          .type('form')
          .send({ _csrf: form.csrf, username, password });
    };
    /** Lets the (user, address) pair's current wait end, as the clock would. */
    const endWait = (address: string, username: string) =>
      failures().update(
        { key: `pair:${address}/${username}` },
        { retryAt: new Date(Date.now() - 1000) },
      );

    it('does not let failures from one address keep the owner out at another', async () => {
      await createUser('target', 'designer');
      const attacker = from('203.0.113.7');
      const attackAgain = await formReady('203.0.113.7');
      for (let i = 0; i <= FREE_PAIR_FAILURES; i++) {
        const failed = await postSignIn(hub.http, 'target', 'guess', attacker);
        expect(failed.status).toBe(401);
        expect(failed.text).toContain('The user name or password is wrong');
      }
      // The attacker's pair now waits, even with the right password...
      const waiting = await attackAgain('target', passwords.target);
      expect(waiting.status).toBe(429);
      expect(cookieOf(waiting.headers['set-cookie'], 'hub_session')).toBeUndefined();
      // ...while the owner, elsewhere, gets in.
      const owner = await postSignIn(hub.http, 'target', passwords.target, from('198.51.100.20'));
      expect(owner.status).toBe(303);
      expect(cookieOf(owner.headers['set-cookie'], 'hub_session')).toBeDefined();
      // The owner's sign-in does not forgive the attacker's failures.
      const attackerPair = await failures().findOneByOrFail({ key: 'pair:203.0.113.7/target' });
      expect(attackerPair.failures).toBe(FREE_PAIR_FAILURES + 1);
    });

    it('makes a (user name, address) pair wait longer after each failure', async () => {
      await createUser('typist', 'designer');
      const address = '203.0.113.8';
      const key = `pair:${address}/typist`;
      const delayOf = async () => {
        const row = await failures().findOneByOrFail({ key });
        return row.retryAt!.getTime() - row.lastFailureAt.getTime();
      };
      for (let i = 0; i < FREE_PAIR_FAILURES; i++) {
        expect((await postSignIn(hub.http, 'typist', 'typo', from(address))).status).toBe(401);
      }
      expect((await failures().findOneByOrFail({ key })).retryAt).toBeNull();

      const waits: number[] = [];
      for (const expectedDelay of [2_000, 4_000, 8_000]) {
        const tryAgain = await formReady(address);
        expect((await postSignIn(hub.http, 'typist', 'typo', from(address))).status).toBe(401);
        const refused = await tryAgain('typist', passwords.typist);
        expect(await delayOf()).toBe(expectedDelay);
        expect(refused.status).toBe(429);
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(expectedDelay / 1000);
        expect(refused.text).toMatch(/Too many failed sign-ins; try again in \d+ seconds?/);
        waits.push(retryAfter);
        await endWait(address, 'typist');
      }
      expect(waits[2]).toBeGreaterThan(waits[0]);

      // The wait over, the right password gets in and the pair starts afresh.
      expect((await postSignIn(hub.http, 'typist', passwords.typist, from(address))).status).toBe(
        303,
      );
      expect(await failures().countBy({ key })).toBe(0);
      expect((await postSignIn(hub.http, 'typist', 'typo', from(address))).status).toBe(401);
      expect((await failures().findOneByOrFail({ key })).failures).toBe(1);
    });

    it('counts parallel attempts one after another, so a burst cannot skip the wait', async () => {
      const burst = from('203.0.113.9');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => postSignIn(hub.http, 'ada', 'burst guess', burst)),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(FREE_PAIR_FAILURES + 1);
      expect(statuses.filter((status) => status === 429)).toHaveLength(10 - FREE_PAIR_FAILURES - 1);
    });

    it('keeps the ceiling per address high, and holds the address back once it is reached', async () => {
      const office = from('203.0.113.10');
      // More than one office's typos: 30 failures over many user names.
      for (let i = 0; i < 30; i++) {
        expect((await postSignIn(hub.http, `typo-${i}`, 'wrong', office)).status).toBe(401);
      }
      expect((await postSignIn(hub.http, 'ada', passwords.ada, office)).status).toBe(303);

      // Someone trying many names from one address meets the ceiling (in parallel, too).
      const remaining = ADDRESS_FAILURE_LIMIT - 30;
      for (let batch = 0; batch < remaining; batch += 10) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(10, remaining - batch) }, (_, i) =>
            postSignIn(hub.http, `sprayed-${batch + i}`, 'wrong', office),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 401));
      }
      expect((await failures().findOneByOrFail({ key: 'ip:203.0.113.10' })).failures).toBe(
        ADDRESS_FAILURE_LIMIT,
      );
      const held = await postSignIn(hub.http, 'ada', passwords.ada, office);
      expect(held.status).toBe(429);
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(held.text).toMatch(/try again in 1[45] minutes/);
      // Another address is not affected.
      expect((await postSignIn(hub.http, 'ada', passwords.ada, from('203.0.113.11'))).status).toBe(
        303,
      );
    });
  });

  it('answers a browser’s unknown address with a page, and the API’s with JSON', async () => {
    const page = await hub.http.get('/no-such-page').set('Accept', 'text/html').expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('There is no page at this address.');

    const api = await admin.get('/api/no-such-route').set('Accept', 'text/html,*/*').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/json/);
  });

  it('sends a strict Content-Security-Policy and no-store on console pages', async () => {
    const page = await hub.http.get('/sign-in').expect(200);
    expect(page.headers['content-security-policy']).toBe(
      // Forms may end at the allow-listed hosts: an OAuth credential's authorization URL is one.
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self' https://auth.atlassian.com https://login.example-idp.com:8443; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    // Scripts only as files from the hub itself, never inline.
    expect(page.text).not.toMatch(/<script(?! src="\/assets\/[\w-]+\.js")|style="|\son[a-z]+="/);
  });

  it('answers unknown user names exactly like wrong passwords', async () => {
    const response = await postSignIn(hub.http, 'nobody-here', 'whatever');
    expect(response.status).toBe(401);
    expect(response.text).toContain('The user name or password is wrong');
  });

  it('ends a session that was idle too long or outlived its lifetime', async () => {
    const sessions = dataSource.getRepository(BrowserSessionEntity);
    const idle = await signInConsole(hub.http, 'ada', passwords.ada);
    const expired = await signInConsole(hub.http, 'ada', passwords.ada);
    const [idleRow, expiredRow] = await sessions
      .find({ order: { createdAt: 'DESC' }, take: 2 })
      .then((rows) => rows.reverse());
    await sessions.update(
      { id: idleRow.id },
      { lastSeenAt: new Date(Date.now() - 61 * 60 * 1000) },
    );
    await sessions.update({ id: expiredRow.id }, { expiresAt: new Date(Date.now() - 1000) });

    for (const session of [idle, expired]) {
      const response = await hub.http.get('/account').set('Cookie', session.cookie);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/sign-in?next=%2Faccount');
    }
    expect(await sessions.countBy({ id: idleRow.id })).toBe(0);
  });

  it('signs a user out everywhere when an admin sets a new password, and signs out on request', async () => {
    const userId = await createUser('reset-me', 'designer');
    const session = await signInConsole(hub.http, 'reset-me', passwords['reset-me']);
    await hub.http.get('/account').set('Cookie', session.cookie).expect(200);

    await admin.patch(`/api/users/${userId}`, { password: 'a brand new password' }).expect(200);
    await hub.http.get('/account').set('Cookie', session.cookie).expect(303);
    expect((await postSignIn(hub.http, 'reset-me', passwords['reset-me'])).status).toBe(401);

    const fresh = await signInConsole(hub.http, 'reset-me', 'a brand new password');
    const out = await hub.http
      .post('/sign-out')
      .set('Cookie', fresh.cookie)
      .type('form')
      .send({ _csrf: fresh.csrf });
    expect(out.status).toBe(303);
    await hub.http.get('/account').set('Cookie', fresh.cookie).expect(303);
  });

  it('lets users change their own password, ending their other sessions', async () => {
    await createUser('changer', 'designer');
    const first = await signInConsole(hub.http, 'changer', passwords.changer);
    const second = await signInConsole(hub.http, 'changer', passwords.changer);

    const wrong = await hub.http
      .post('/account/password')
      .set('Cookie', first.cookie)
      .type('form')
      .send({ _csrf: first.csrf, currentPassword: 'nope', newPassword: 'short' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('New password must be 12 to 200 characters long.');

    await hub.http
      .post('/account/password')
      .set('Cookie', first.cookie)
      .type('form')
      .send({
        _csrf: first.csrf,
        currentPassword: passwords.changer,
        newPassword: 'changed password 1',
      })
      .expect(303);
    await hub.http.get('/account').set('Cookie', first.cookie).expect(200);
    await hub.http.get('/account').set('Cookie', second.cookie).expect(303);
  });

  it('refuses to let admins delete the user they are signed in as, though other admins are left', async () => {
    // ada stays an admin, so the refusal is this rule's and not the last admin's.
    const selfId = await createUser('self-deleter', 'admin');
    const session = await signInConsole(hub.http, 'self-deleter', passwords['self-deleter']);

    const refused = await hub.http
      .post(`/users/${selfId}/delete`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('You cannot delete the user you are signed in as');
    // On the user's own page, not the error page.
    expect(refused.text).toContain(`action="/users/${selfId}/delete"`);
    await admin.get(`/api/users/${selfId}`).expect(200);
    await hub.http.get('/account').set('Cookie', session.cookie).expect(200);

    const otherId = await createUser('deleted-by-admin', 'designer');
    await hub.http
      .post(`/users/${otherId}/delete`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf })
      .expect(303);
    await admin.get(`/api/users/${otherId}`).expect(404);
  });

  it('ends the sessions of a deleted user', async () => {
    const userId = await createUser('leaver', 'designer');
    const session = await signInConsole(hub.http, 'leaver', passwords.leaver);

    await admin.delete(`/api/users/${userId}`).expect(204);
    const response = await hub.http.get('/account').set('Cookie', session.cookie);
    expect(response.status).toBe(303);
    expect(await dataSource.getRepository(BrowserSessionEntity).countBy({ userId })).toBe(0);
  });
});
