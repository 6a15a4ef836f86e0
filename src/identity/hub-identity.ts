import { Role } from './role';

/** Who is calling: an API token, the configured admin token, or a console user (a browser session). */
export interface HubIdentity {
  kind: 'api-token' | 'admin-token' | 'user';
  id: string;
  name: string;
  role: Role;
}
