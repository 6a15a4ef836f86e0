import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { UnitOfWork } from '../database/unit-of-work';
import { BrowserSessionEntity } from './browser-session.entity';
import { HubIdentity } from './hub-identity';
import { constantTimeEquals, hashApiToken, hashPassword, verifyPassword } from './secrets';
import { isServedOverHttps, readCookie, sessionCookieName } from './session-cookie';
import { SignInThrottleService } from './sign-in-throttle.service';
import { UserEntity } from './user.entity';

/** A signed-in browser: who it is, and the CSRF token its forms must carry. */
export interface BrowserSession {
  id: string;
  identity: HubIdentity;
  csrfToken: string;
  /** The user must choose a new password before using the console (the generated first admin). */
  mustChangePassword: boolean;
}

type SessionWithUser = BrowserSessionEntity & { user: UserEntity };

const MINUTE_MS = 60_000;
/** lastSeenAt is written at most this often, so reading pages does not mean a write each time. */
const TOUCH_EVERY_MS = MINUTE_MS;

// Compared against when the user name is unknown, so both cases cost one scrypt.
const UNKNOWN_USER_HASH = hashPassword(randomBytes(16).toString('hex'));

/**
 * Console sign-in and sessions, stored in the database so any hub instance can serve any request.
 * `identifyBrowser` is the one place that answers "which hub user is this browser?".
 */
@Injectable()
export class BrowserSessionsService {
  constructor(
    @InjectRepository(BrowserSessionEntity)
    private readonly sessions: Repository<BrowserSessionEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly throttle: SignInThrottleService,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: HubConfig,
  ) {}

  /**
   * Checks the password (within the sign-in limits, sign-in-limits.ts) and opens a session; returns its token
   * and when it ends at the latest, which is when the cookie should end too.
   */
  async signIn(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    // Charged as a failure before the password is checked; the right password takes it back.
    const attempt = await this.throttle.beginAttempt(username, clientAddress);
    const user = await this.users.findOneBy({ username: username.trim() });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await UNKNOWN_USER_HASH));
    if (!user || !valid) {
      // One message for both cases: the answer does not tell which user names exist.
      throw new HubError(HubErrorCode.Unauthenticated, 'The user name or password is wrong');
    }
    await this.throttle.succeeded(attempt);

    const now = new Date();
    const token = randomBytes(32).toString('base64url');
    const entity: BrowserSessionEntity = {
      id: randomUUID(),
      tokenHash: hashApiToken(token),
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 60 * MINUTE_MS),
    };
    await this.unitOfWork.run(async (manager) => {
      await manager.delete(BrowserSessionEntity, { expiresAt: LessThan(now) });
      await manager.insert(BrowserSessionEntity, entity);
    });
    return { token, expiresAt: entity.expiresAt };
  }

  /** The session of the request's cookie, or undefined (no cookie, unknown, expired or idle). */
  async identifyBrowser(request: Request): Promise<BrowserSession | undefined> {
    const secure = isServedOverHttps(request, this.config.publicUrl);
    const token = readCookie(request, sessionCookieName(secure));
    return token ? this.identifyToken(token) : undefined;
  }

  async identifyToken(token: string, now = new Date()): Promise<BrowserSession | undefined> {
    const entity = await this.findWithUser(hashApiToken(token));
    if (!entity) return undefined;
    const idleUntil = entity.lastSeenAt.getTime() + this.config.sessionIdleMinutes * MINUTE_MS;
    if (entity.expiresAt <= now || idleUntil <= now.getTime()) {
      await this.endSession(entity.id);
      return undefined;
    }
    if (now.getTime() - entity.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.unitOfWork.run((manager) =>
        manager.update(BrowserSessionEntity, { id: entity.id }, { lastSeenAt: now }),
      );
    }
    return toSession(entity);
  }

  /** Constant time, so the comparison does not leak how much of a guessed token was right. */
  isValidCsrfToken(session: BrowserSession, submitted: unknown): boolean {
    return typeof submitted === 'string' && constantTimeEquals(submitted, session.csrfToken);
  }

  async endSession(id: string): Promise<void> {
    await this.unitOfWork.run((manager) => manager.delete(BrowserSessionEntity, { id }));
  }

  /**
   * The session and its user in one query (every console page asks). A user's deletion deletes
   * their sessions (the foreign key cascades), so a session always has its user.
   */
  private async findWithUser(tokenHash: string): Promise<SessionWithUser | null> {
    // TypeORM does not type what innerJoinAndMapOne maps: the cast names it.
    return (await this.sessions
      .createQueryBuilder('session')
      .innerJoinAndMapOne('session.user', UserEntity, 'user', 'user.id = session.user_id')
      .where('session.token_hash = :tokenHash', { tokenHash })
      .getOne()) as SessionWithUser | null;
  }
}

function toSession({ user, ...entity }: SessionWithUser): BrowserSession {
  return {
    id: entity.id,
    identity: { kind: 'user', id: user.id, name: user.username, role: user.role },
    csrfToken: entity.csrfToken,
    mustChangePassword: user.mustChangePassword,
  };
}
