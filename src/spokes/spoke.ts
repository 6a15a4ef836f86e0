import type { AnySpokeAction } from '../actions/action-definition';

/** The spokes the hub ships. Each has its folder, `src/spokes/<spoke>/`, listed in src/spokes/index.ts. */
export enum Spoke {
  Jira = 'jira',
  Jsm = 'jsm',
  AtlassianAdmin = 'atlassian-admin',
}

/**
 * Atlassian's account scopes: not operations of the Jira APIs, so they are not in the Jira OpenAPI
 * files. `offline_access` is what makes Atlassian issue a refresh token.
 */
export const ATLASSIAN_ACCOUNT_SCOPES = ['read:me', 'read:account', 'offline_access'] as const;

/** What a spoke is, apart from its actions: `src/spokes/<spoke>/spoke.ts`. */
export interface SpokeProfile {
  name: Spoke;
  /** How docs and the console name the spoke. */
  title: string;
  /** The alias the initial migration creates for the spoke; flows name it or one of its children. */
  parentAlias: string;
  /**
   * The OAuth scopes a connection of the spoke gets when it is created without scopes, and gets
   * back on every edit that names none (docs/decisions.md 8 and 9): they must cover every action
   * of the spoke, which src/spokes/spoke-scopes.spec.ts checks.
   */
  defaultScopes: readonly string[];
}

/** A spoke and its actions: what `src/spokes/<spoke>/index.ts` exports. */
export interface SpokeDefinition extends SpokeProfile {
  actions: readonly AnySpokeAction[];
}
