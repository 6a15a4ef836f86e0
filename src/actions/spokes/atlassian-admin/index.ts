import type { AnySpokeAction } from '../../action-definition';

export const ATLASSIAN_ADMIN_ACTIONS: AnySpokeAction[] = [];
