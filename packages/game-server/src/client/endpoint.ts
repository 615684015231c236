/**
 * Where the game server is. config.js may set HOST and PORT (the deployment rewrites them with
 * perl, as the seed did); when they are empty/0 the page's own origin and path `/ws` are used,
 * which is what nginx proxies.
 */
export function webSocketUrl(host: string, port: number, page: Location): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  if (!host && !port) return `${scheme}//${page.host}/ws`;
  const h = host || page.hostname;
  const hostPart = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
  return port ? `${scheme}//${hostPart}:${port}/ws` : `${scheme}//${hostPart}/ws`;
}
