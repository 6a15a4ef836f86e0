import { Spoke, SpokeProfile } from '../spoke';

export const ATLASSIAN_ADMIN_SPOKE: SpokeProfile = {
  name: Spoke.AtlassianAdmin,
  title: 'Atlassian admin',
  parentAlias: 'Atlassian_Admin',
  // Organization admin APIs take an org-admin API key (bearer), never a 3LO grant.
  defaultScopes: [],
};
