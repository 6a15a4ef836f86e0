import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FakeRoute } from './fake-atlassian.server';

/**
 * A generic answer for every operation of the Jira platform and JSM descriptions that no specific
 * route of the fake takes: 204 for a DELETE, else 200 with an empty object. The request is
 * recorded like any other, so a test checks what the hub sent against the descriptions; what
 * Atlassian would answer beyond that is the specific routes' business.
 */
export function documentedOperationRoutes(): FakeRoute[] {
  return ['jira', 'jsm'].flatMap((spoke) => {
    const file = resolve(__dirname, `../../src/spokes/${spoke}/operations.generated.json`);
    const table = JSON.parse(readFileSync(file, 'utf8')) as {
      operations: Array<{ method: string; path: string }>;
    };
    return table.operations.map(({ method, path }): FakeRoute => ({
      method,
      pattern: new RegExp(
        `^${path
          .split('/')
          .map((segment) =>
            /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('/')}$`,
      ),
      handle: ({ send }) => (method === 'DELETE' ? send(204) : send(200, {})),
    }));
  });
}
