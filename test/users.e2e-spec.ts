import { Api, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

describe('Users API', () => {
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
    // With HUB_ADMIN_TOKEN set the hub creates no first admin user: make one, so others can go.
    await admin
      .post('/api/users', { username: 'anchor', password: 'a long enough password', role: 'admin' })
      .expect(201);
  });
  afterAll(() => hub.close());

  it('creates, lists, changes and deletes users, never returning a password or its hash', async () => {
    const username = unique('jane');
    const created = await admin
      .post('/api/users', { username, password: 'a long enough password', role: 'designer' })
      .expect(201);
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'id', 'role', 'username']);

    const listed = await admin.get('/api/users').expect(200);
    expect(listed.body.map((user: { username: string }) => user.username)).toContain(username);

    const promoted = await admin
      .patch(`/api/users/${created.body.id}`, { role: 'admin' })
      .expect(200);
    expect(promoted.body.role).toBe('admin');

    await admin.delete(`/api/users/${created.body.id}`).expect(204);
    await admin.get(`/api/users/${created.body.id}`).expect(404);
  });

  it('names each broken rule and refuses a taken user name', async () => {
    const invalid = await admin
      .post('/api/users', { username: ' x', password: 'short', role: 'root', extra: 1 })
      .expect(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'extra',
      'password',
      'role',
      'username',
    ]);

    const username = unique('taken');
    await admin
      .post('/api/users', { username, password: 'a long enough password', role: 'designer' })
      .expect(201);
    const taken = await admin
      .post('/api/users', { username, password: 'a long enough password', role: 'designer' })
      .expect(409);
    expect(taken.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'username', rule: 'unique' }),
    );
  });

  it('keeps at least one admin user', async () => {
    const admins = (
      (await admin.get('/api/users').expect(200)).body as Array<{ id: string; role: string }>
    ).filter((user) => user.role === 'admin');
    expect(admins.length).toBeGreaterThan(0);
    const last = admins.pop()!;
    for (const other of admins) await admin.delete(`/api/users/${other.id}`).expect(204);

    const demote = await admin.patch(`/api/users/${last.id}`, { role: 'designer' }).expect(409);
    expect(demote.body.error).toBe('last_admin');
    expect(demote.body.message).toContain('is the last admin user');
    await admin.delete(`/api/users/${last.id}`).expect(409);
    expect((await admin.get(`/api/users/${last.id}`).expect(200)).body.role).toBe('admin');
  });

  it('is for admins only', async () => {
    const designer = new Api(hub.http, await hub.tokenFor('designer'));
    await designer.get('/api/users').expect(403);
  });
});
