export enum Spoke {
  Jira = 'jira',
  Jsm = 'jsm',
  AtlassianAdmin = 'atlassian-admin',
}

export const SPOKES = Object.values(Spoke);
