import 'reflect-metadata';
import { runHubCli } from './cli/hub-cli';

runHubCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
