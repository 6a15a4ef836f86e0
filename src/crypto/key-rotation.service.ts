import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SECRET_COLUMNS } from '../database/secret-columns';
import { UnitOfWork } from '../database/unit-of-work';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { Keyring, writeKeyFile } from './keyring';
import { SecretBox } from './secret-box';

export interface RotationResult {
  keyId: string;
  reencrypted: number;
  keyFile?: string;
}

@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger(KeyRotationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly secretBox: SecretBox,
    private readonly keyring: Keyring,
    private readonly resolutionCache: ResolutionCache,
  ) {}

  /**
   * Re-encrypts every secret under the newest key in one transaction. With a key file, a new key
   * is generated and written first (an unused key is harmless; a lost one is not). With
   * HUB_ENCRYPTION_KEY, the operator has already set the new key there and listed the old ones in
   * HUB_ENCRYPTION_PREVIOUS_KEYS.
   */
  async rotate(): Promise<RotationResult> {
    const target = this.keyring.filePath ? this.keyring.withNewCurrentKey() : this.keyring;
    if (target.filePath) writeKeyFile(target);
    const writer = new SecretBox(target);
    const rewritten = this.unitOfWork.run(async (manager) => {
      let count = 0;
      const param = (n: number) => (this.dataSource.options.type === 'postgres' ? `$${n}` : '?');
      for (const { table, idColumn = 'id', columns } of SECRET_COLUMNS) {
        const rows = await manager.query<Array<Record<string, string | null>>>(
          `SELECT ${idColumn} AS id, ${Object.values(columns).join(', ')} FROM ${table}`,
        );
        for (const row of rows) {
          for (const [field, column] of Object.entries(columns)) {
            const stored = row[column];
            if (!stored) continue;
            const context = { table, recordId: String(row.id), field };
            const plaintext = this.secretBox.decrypt(stored, context);
            await manager.query(
              `UPDATE ${table} SET ${column} = ${param(1)} WHERE ${idColumn} = ${param(2)}`,
              [writer.encrypt(plaintext, context), row.id],
            );
            count++;
          }
        }
      }
      return count;
    });
    // Every credential row changed: cached rows would hold ciphertexts of the old key.
    const reencrypted = await rewritten.finally(() => this.resolutionCache.invalidateAll());
    this.secretBox.useKeyring(target);
    this.logger.log(`Re-encrypted ${reencrypted} secrets under key ${target.currentKeyId}`);
    return { keyId: target.currentKeyId, reencrypted, keyFile: target.filePath };
  }

  /** How many stored secrets each key id protects: rotation is complete when only one is left. */
  async countSecretsByKey(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { table, columns } of SECRET_COLUMNS) {
      const rows = await this.dataSource.query<Array<Record<string, string | null>>>(
        `SELECT ${Object.values(columns).join(', ')} FROM ${table}`,
      );
      for (const row of rows) {
        for (const column of Object.values(columns)) {
          const keyId = row[column] ? SecretBox.keyIdOf(row[column]) : undefined;
          if (keyId) counts[keyId] = (counts[keyId] ?? 0) + 1;
        }
      }
    }
    return counts;
  }
}
