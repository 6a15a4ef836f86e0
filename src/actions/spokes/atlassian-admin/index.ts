import type { AnySpokeAction } from '../../action-definition';
import { activateUser } from './activate-user.action';
import { deactivateUser } from './deactivate-user.action';
import { listApiTokens } from './list-api-tokens.action';
import { listOrgUsers } from './list-org-users.action';

export const ATLASSIAN_ADMIN_ACTIONS: AnySpokeAction[] = [
  listOrgUsers,
  deactivateUser,
  activateUser,
  listApiTokens,
];
