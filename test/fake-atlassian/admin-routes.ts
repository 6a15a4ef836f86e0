import { FakeData } from './fake-data';
import { FakeRoute } from './fake-atlassian.server';

/** Atlassian organization admin APIs, at the root of the API host (not under /ex/jira). */
export function adminRoutes(_data: FakeData): FakeRoute[] {
  return [];
}
