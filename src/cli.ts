import 'reflect-metadata';
import { runHubCli } from './cli/hub-cli';
import { ConfigurationError } from './config/hub-config';

runHubCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof ConfigurationError) process.stderr.write('See docs/configuration.md.\n');
    process.exit(1);
  },
);
