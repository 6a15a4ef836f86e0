import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { SecretBox } from '../crypto/secret-box';
import { UnitOfWork } from '../database/unit-of-work';
import type { HubIdentity } from '../identity/hub-identity';
import { FlowStateStore } from './atlassian-oauth.strategy';
import { OAUTH_STATES_TABLE, OAuthStateEntity } from './oauth-state.entity';

/** Who started a flow, or who the browser finishing it is signed in as. */
export type FlowIdentity = Pick<HubIdentity, 'kind' | 'id' | 'name'>;

export const STATE_LIFETIME_MS = 10 * 60 * 1000;

export interface FlowStart {
  connectionId: string;
  startedBy: FlowIdentity;
  redirectUri: string;
  scopes: string[];
  returnTo: string | null;
}

export type ConsumedState =
  | { kind: 'unknown' }
  | { kind: 'foreign'; flow: OAuthStateEntity }
  | { kind: 'expired'; flow: OAuthStateEntity }
  | { kind: 'consumed'; flow: OAuthStateEntity; verifier: string };

/**
 * The states of authorization flows, in the database so that any hub instance can finish a flow.
 * A state is 256 random bits; only its SHA-256 is stored, with the PKCE verifier encrypted.
 */
@Injectable()
export class OAuthStateStore {
  constructor(
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly secretBox: SecretBox,
  ) {}

  /** passport-oauth2's store for starting `flow`: keeps the verifier it generated, names the state. */
  forStart(flow: FlowStart): FlowStateStore {
    return {
      store: (_req, verifier, _state, _meta, done) => {
        this.save(flow, verifier).then(
          (state) => done(null, state),
          (error: Error) => done(error, undefined),
        );
      },
      verify: (_req, _state, _meta, done) =>
        done(new Error('A starting flow verifies nothing'), false),
    };
  }

  /** passport-oauth2's store for a callback whose state was already consumed here. */
  forCallback(verifier: string): FlowStateStore {
    return {
      store: (_req, _verifier, _state, _meta, done) =>
        done(new Error('A finishing flow stores nothing')),
      verify: (_req, _state, _meta, done) => done(null, verifier),
    };
  }

  /**
   * Takes a state out of the database, exactly once: of two callbacks with the same state, only
   * the one whose delete removed the row goes on. A foreign state (started in the console by
   * another user than the one the browser is signed in as, or by a console user while the browser
   * is signed in to nothing) is left in place for its owner.
   */
  async consume(state: string, browser?: FlowIdentity): Promise<ConsumedState> {
    const id = hashOf(state);
    const flow = await this.states.findOneBy({ id });
    if (!flow) return { kind: 'unknown' };
    if (isForeign(flow, browser)) return { kind: 'foreign', flow };
    const removed = await this.unitOfWork.run((manager) =>
      manager.delete(OAuthStateEntity, { id }),
    );
    if (removed.affected !== 1) return { kind: 'unknown' };
    if (flow.expiresAt.getTime() <= Date.now()) return { kind: 'expired', flow };
    const verifier = this.secretBox.decrypt(flow.codeVerifierCiphertext, {
      table: OAUTH_STATES_TABLE,
      recordId: id,
      field: 'codeVerifier',
    });
    return { kind: 'consumed', flow, verifier };
  }

  private async save(flow: FlowStart, verifier: string): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const id = hashOf(state);
    const now = new Date();
    await this.unitOfWork.run(async (manager) => {
      // Abandoned flows are cleared whenever a new one starts.
      await manager.delete(OAuthStateEntity, { expiresAt: LessThan(now) });
      await manager.insert(OAuthStateEntity, {
        id,
        connectionId: flow.connectionId,
        startedByKind: flow.startedBy.kind,
        startedById: flow.startedBy.id.slice(0, 100),
        startedByName: flow.startedBy.name.slice(0, 200),
        codeVerifierCiphertext: this.secretBox.encrypt(verifier, {
          table: OAUTH_STATES_TABLE,
          recordId: id,
          field: 'codeVerifier',
        }),
        redirectUri: flow.redirectUri,
        requestedScopes: flow.scopes,
        returnTo: flow.returnTo,
        expiresAt: new Date(now.getTime() + STATE_LIFETIME_MS),
      });
    });
    return state;
  }
}

/**
 * A flow started in the console belongs to that console user's browser, which brings its session
 * back (SameSite=Lax goes with a top-level navigation): a browser without one cannot finish it, or
 * whoever learnt the state could slip their own code into the admin's flow. A flow started with an
 * API token has no browser user to compare with (the admin opens the URL in any browser, signed in
 * to the console or not): the state alone binds it.
 */
function isForeign(flow: OAuthStateEntity, browser: FlowIdentity | undefined): boolean {
  if (flow.startedByKind !== 'user') return false;
  return browser?.kind !== 'user' || browser.id !== flow.startedById;
}

function hashOf(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}
