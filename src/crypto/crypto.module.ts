import { Global, Logger, Module } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { KeyRotationService } from './key-rotation.service';
import { Keyring, loadKeyring } from './keyring';
import { SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    {
      provide: Keyring,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => {
        const { keyring, createdFile } = loadKeyring(config);
        if (createdFile) {
          new Logger('Crypto').warn(
            `No HUB_ENCRYPTION_KEY set: generated the encryption key file ${createdFile} (mode 0600). Back it up: without it no stored secret can be read.`,
          );
        }
        return keyring;
      },
    },
    {
      provide: SecretBox,
      inject: [Keyring],
      useFactory: (keyring: Keyring) => new SecretBox(keyring),
    },
    KeyRotationService,
  ],
  exports: [SecretBox, Keyring, KeyRotationService],
})
export class CryptoModule {}
