import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigurationError, loadHubConfig } from './config/hub-config';
import { KeyRotationService } from './crypto/key-rotation.service';
import { JsonLogger } from './logging/json-logger';

const USAGE = `Usage: npm run hub -- <command>

Commands:
  rotate-key     Re-encrypt every stored secret under a new key, in one transaction.
                 With the generated key file: a new key is added to it and becomes current.
                 With HUB_ENCRYPTION_KEY: set the new key there and the old one in
                 HUB_ENCRYPTION_PREVIOUS_KEYS first (see docs/security.md).
  key-status     How many secrets each key id protects.
  generate-key   Print a new random 32-byte key, base64, for HUB_ENCRYPTION_KEY.
`;

async function main(command: string | undefined): Promise<number> {
  if (command === 'generate-key') {
    process.stdout.write(randomBytes(32).toString('base64') + '\n');
    return 0;
  }
  if (command !== 'rotate-key' && command !== 'key-status') {
    process.stderr.write(USAGE);
    return command ? 2 : 0;
  }
  const config = loadHubConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel === 'debug' ? 'debug' : 'warn'),
  });
  try {
    const rotation = app.get(KeyRotationService);
    if (command === 'rotate-key') {
      const result = await rotation.rotate();
      process.stdout.write(
        `Re-encrypted ${result.reencrypted} secrets under key ${result.keyId}${result.keyFile ? ` (key file ${result.keyFile})` : ''}\n`,
      );
    }
    process.stdout.write(
      `Secrets by key id: ${JSON.stringify(await rotation.countSecretsByKey())}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigurationError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
