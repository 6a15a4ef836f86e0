import type { AnySpokeAction } from '../actions/action-definition';
import { ATLASSIAN_ADMIN } from './atlassian-admin';
import { JIRA } from './jira';
import { JSM } from './jsm';
import type { Spoke, SpokeDefinition } from './spoke';

/**
 * The spokes, each a folder `src/spokes/<spoke>/` with its definition (`spoke.ts`), schemas and
 * actions (`index.ts` lists them). The rest of the hub knows spokes only through this list (and
 * the `Spoke` names of ./spoke); ESLint keeps it from importing a spoke's folder directly.
 */
export const SPOKE_DEFINITIONS: readonly SpokeDefinition[] = [JIRA, JSM, ATLASSIAN_ADMIN];

export const SPOKES: Spoke[] = SPOKE_DEFINITIONS.map((spoke) => spoke.name);

export const ALL_SPOKE_ACTIONS: AnySpokeAction[] = SPOKE_DEFINITIONS.flatMap((spoke) => [
  ...spoke.actions,
]);

/** The scopes each spoke's connections get by default and get back on every edit. */
export const DEFAULT_SCOPES = Object.fromEntries(
  SPOKE_DEFINITIONS.map((spoke) => [spoke.name, spoke.defaultScopes]),
) as Record<Spoke, readonly string[]>;
