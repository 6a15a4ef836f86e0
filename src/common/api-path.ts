/** The REST API's paths: bearer tokens only, JSON answers. Everything else is the console. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
