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
