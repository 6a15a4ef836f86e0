import type { AnySpokeAction } from '../../actions/action-definition';
import type { SpokeDefinition } from '../spoke';
import { ATLASSIAN_ADMIN_SPOKE } from './spoke';
import { activateUser } from './activate-user.action';
import { deactivateUser } from './deactivate-user.action';
import { listApiTokens } from './list-api-tokens.action';
import { listOrgUsers } from './list-org-users.action';

// Each action is one file beside this one, imported above and named once here.
export const ATLASSIAN_ADMIN_ACTIONS: AnySpokeAction[] = [
  listOrgUsers,
  deactivateUser,
  activateUser,
  listApiTokens,
];

export const ATLASSIAN_ADMIN: SpokeDefinition = {
  ...ATLASSIAN_ADMIN_SPOKE,
  actions: ATLASSIAN_ADMIN_ACTIONS,
};
