export enum Role {
  Admin = 'admin',
  Designer = 'designer',
}

export const ROLES = Object.values(Role);
