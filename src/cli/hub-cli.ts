import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadHubConfig } from '../config/hub-config';
import { KeyRotationService } from '../crypto/key-rotation.service';
import { JsonLogger } from '../logging/json-logger';

export const HUB_CLI_USAGE = `Usage: npm run hub -- <command>

Commands:
  rotate-key     Re-encrypt every stored secret under a new key, in one transaction.
                 With the generated key file: a new key is added to it and becomes current.
                 With HUB_ENCRYPTION_KEY: set the new key there and the old one in
                 HUB_ENCRYPTION_PREVIOUS_KEYS first (see docs/security.md).
  key-status     How many secrets each key id protects.
  generate-key   Print a new random 32-byte key, base64, for HUB_ENCRYPTION_KEY.
`;

/** The operator commands; returns the exit code. */
export async function runHubCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const [command] = args;
  if (command === 'generate-key') {
    out(randomBytes(32).toString('base64') + '\n');
    return 0;
  }
  if (command !== 'rotate-key' && command !== 'key-status') {
    out(HUB_CLI_USAGE);
    return command ? 2 : 0;
  }
  const config = loadHubConfig(env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new JsonLogger('warn'),
  });
  try {
    const rotation = app.get(KeyRotationService);
    if (command === 'rotate-key') {
      const result = await rotation.rotate();
      out(
        `Re-encrypted ${result.reencrypted} secrets under key ${result.keyId}${result.keyFile ? ` (key file ${result.keyFile})` : ''}\n`,
      );
    }
    out(`Secrets by key id: ${JSON.stringify(await rotation.countSecretsByKey())}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
