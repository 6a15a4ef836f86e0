import type { AnySpokeAction } from '../../action-definition';
import { deactivateUser } from './deactivate-user.action';
import { listApiTokens } from './list-api-tokens.action';
import { listOrgUsers } from './list-org-users.action';

export const ATLASSIAN_ADMIN_ACTIONS: AnySpokeAction[] = [
  listOrgUsers,
  deactivateUser,
  listApiTokens,
];
