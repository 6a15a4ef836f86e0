import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OAuthTokenService } from './oauth-token.service';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/** Refreshes idle OAuth grants well before Atlassian's 90-day inactivity limit revokes them. */
@Injectable()
export class OAuthKeepAliveService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OAuthKeepAlive');
  private timer?: NodeJS.Timeout;

  constructor(private readonly tokens: OAuthTokenService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.keepGrantsAlive(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
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
