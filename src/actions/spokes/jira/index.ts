import type { AnySpokeAction } from '../../action-definition';
import { getMyself } from './get-myself.action';

export const JIRA_ACTIONS: AnySpokeAction[] = [getMyself];
