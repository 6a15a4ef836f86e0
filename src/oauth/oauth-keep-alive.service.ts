import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OAuthTokenService } from './oauth-token.service';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/** Refreshes idle OAuth grants well before Atlassian's 90-day inactivity limit revokes them. */
@Injectable()
export class OAuthKeepAliveService {
  private readonly logger = new Logger('OAuthKeepAlive');

  constructor(private readonly tokens: OAuthTokenService) {}

  /** Every hour (@nestjs/schedule stops it when the hub shuts down). */
  @Interval('oauth-keep-alive', CHECK_EVERY_MS)
  async runScheduled(): Promise<void> {
    await this.keepGrantsAlive();
  }

  /** One pass of the job; `now` lets tests run it as if days had gone by. */
  async keepGrantsAlive(now = new Date()): Promise<{ refreshed: number; failed: number }> {
    try {
      const result = await this.tokens.refreshIdleGrants(now);
      if (result.refreshed + result.failed > 0) {
        this.logger.log(
          `Keep-alive refreshed ${result.refreshed} idle OAuth grants; ${result.failed} failed`,
        );
      }
      return result;
    } catch (error) {
      this.logger.error(
        `Keep-alive of OAuth grants failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { refreshed: 0, failed: 0 };
    }
  }
}
