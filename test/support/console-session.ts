import TestAgent from 'supertest/lib/agent';

/** A browser's cookie jar for supertest: the console session of one signed-in user. */
export interface ConsoleSession {
  cookie: string;
  /** The CSRF token the console's forms carry for this session. */
  csrf: string;
}

export function cookieOf(
  setCookie: string[] | string | undefined,
  name: string,
): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const header = headers.find((line) => line.startsWith(`${name}=`));
  return header?.split(';')[0].slice(name.length + 1);
}

export function hiddenCsrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF field on the page');
  return match[1];
}

/** The sign-in form as a browser gets it: its cookie (as `name=value`) and the form's token. */
export async function getSignInForm(
  http: TestAgent,
  headers: Record<string, string> = {},
): Promise<{ cookie: string; csrf: string }> {
  const form = await http.get('/sign-in').set(headers).expect(200);
  const name = ['__Host-hub_sign_in', 'hub_sign_in'].find(
    (candidate) => cookieOf(form.headers['set-cookie'], candidate) !== undefined,
  );
  if (!name) throw new Error('The sign-in page set no sign-in cookie');
  return {
    cookie: `${name}=${cookieOf(form.headers['set-cookie'], name)}`,
    csrf: hiddenCsrfOf(form.text),
  };
}

/** GET /sign-in, then POST it as a browser would (with the cookie the page set). */
export async function postSignIn(
  http: TestAgent,
  username: string,
  password: string,
  options: { headers?: Record<string, string> } = {},
) {
  const form = await getSignInForm(http, options.headers);
  return http
    .post('/sign-in')
    .set(options.headers ?? {})
    .set('Cookie', form.cookie)
    .type('form')
    .send({ _csrf: form.csrf, username, password });
}

export async function signInConsole(
  http: TestAgent,
  username: string,
  password: string,
): Promise<ConsoleSession> {
  const response = await postSignIn(http, username, password);
  if (response.status !== 303) throw new Error(`sign-in: ${response.status} ${response.text}`);
  const cookie = `hub_session=${cookieOf(response.headers['set-cookie'], 'hub_session')}`;
  const page = await http.get('/account').set('Cookie', cookie).expect(200);
  return { cookie, csrf: hiddenCsrfOf(page.text) };
}

/**
 * A console user created over the API with an admin token, then signed in: what a test of admin
 * pages needs first.
 */
export async function createAndSignIn(
  http: TestAgent,
  adminToken: string,
  user: { username: string; password: string; role: 'admin' | 'designer' },
): Promise<ConsoleSession> {
  await http.post('/api/users').set('Authorization', `Bearer ${adminToken}`).send(user).expect(201);
  return signInConsole(http, user.username, user.password);
}
