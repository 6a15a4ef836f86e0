import 'reflect-metadata';
import { createHubApp } from './app.factory';
import { ConfigurationError, HubConfig, loadHubConfig } from './config/hub-config';
import { createHubLogger } from './logging/hub-logger';

async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadHubConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createHubLogger(config);
  const app = await createHubApp(config, logger);
  await app.listen(config.port);
  logger.log(
    `Integration Hub listening on port ${config.port} with ${config.database.type === 'sqlite' ? `SQLite at ${config.database.path}` : 'PostgreSQL'}`,
    'Main',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The hub could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
