import { adminRoutes } from './admin-routes';
import { FakeAtlassian } from './fake-atlassian.server';
import { FakeData } from './fake-data';
import { jiraRoutes } from './jira-routes';
import { jsmRoutes } from './jsm-routes';

export { FakeAtlassian } from './fake-atlassian.server';
export { FakeData } from './fake-data';

/** A fake Atlassian with every spoke's routes over one data set. */
export function createFakeAtlassian(data: FakeData = FakeData.seeded()): FakeAtlassian {
  return new FakeAtlassian([...jiraRoutes(data), ...jsmRoutes(data), ...adminRoutes(data)]);
}
