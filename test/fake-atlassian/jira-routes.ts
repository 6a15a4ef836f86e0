import { FakeData } from './fake-data';
import { FakeRoute } from './fake-atlassian.server';

/** Jira platform REST API v3 (`/rest/api/3/...`); /myself is built into the server. */
export function jiraRoutes(_data: FakeData): FakeRoute[] {
  return [];
}
