import { randomBytes, randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

/** Builders for records created through the API, so tests state only what matters to them. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function basicCredentialInput(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: unique('basic'),
    type: 'basic',
    username: 'automation@example.com',
    apiToken: `ATATT3x${randomBytes(24).toString('hex')}`,
    ...overrides,
  };
}

export function connectionUrl(apiUrl: string, cloudId: string = randomUUID()): string {
  return `${apiUrl}/ex/jira/${cloudId}`;
}

export class Api {
  constructor(
    private readonly http: TestAgent,
    private readonly token: string,
  ) {}

  get(path: string) {
    return this.http.get(path).set('Authorization', `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    return this.http.post(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  patch(path: string, body: object) {
    return this.http.patch(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  delete(path: string) {
    return this.http.delete(path).set('Authorization', `Bearer ${this.token}`);
  }

  async aliasId(name: string): Promise<string> {
    const response = await this.get('/api/aliases').expect(200);
    const alias = (response.body as Array<{ id: string; name: string }>).find(
      (a) => a.name === name,
    );
    if (!alias) throw new Error(`No alias ${name}`);
    return alias.id;
  }

  async createCredential(
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; input: Record<string, unknown> }> {
    const input = basicCredentialInput(overrides);
    const response = await this.post('/api/credentials', input).expect(201);
    return { id: (response.body as { id: string }).id, input };
  }

  async createConnection(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await this.post('/api/connections', { name: unique('conn'), ...body });
    if (response.status !== 201)
      throw new Error(`createConnection: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  }
}

/**
 * A child alias of `parentAlias` with one active connection to `cloudId`, signed in with a bearer
 * token the fake knows. Returns the alias name to execute actions with.
 */
export async function connectedAlias(
  api: Api,
  apiUrl: string,
  cloudId: string,
  options: {
    parentAlias?: string;
    token?: string;
    credential?: Record<string, unknown>;
    connection?: Record<string, unknown>;
  } = {},
): Promise<{ aliasName: string; connectionId: string }> {
  const parentId = await api.aliasId(options.parentAlias ?? 'Jira_SM');
  const aliasName = unique('Site').replace(/-/g, '_');
  const alias = await api.post('/api/aliases', { name: aliasName, parentId });
  if (alias.status !== 201) throw new Error(`alias: ${JSON.stringify(alias.body)}`);
  const credential = await api.post('/api/credentials', {
    name: unique('cred'),
    ...(options.credential ?? { type: 'bearer', token: options.token ?? 'fake-bearer-token' }),
  });
  if (credential.status !== 201) throw new Error(`credential: ${JSON.stringify(credential.body)}`);
  const connection = await api.createConnection({
    url: connectionUrl(apiUrl, cloudId),
    credentialId: (credential.body as { id: string }).id,
    aliasId: (alias.body as { id: string }).id,
    ...options.connection,
  });
  return { aliasName, connectionId: connection.id as string };
}
