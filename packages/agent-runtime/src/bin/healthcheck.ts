#!/usr/bin/env node
/**
 * `healthcheck [PATH]`: exits 0 when the agent's health server answers PATH (default /readyz)
 * with 2xx on HEALTH_PORT, else 1 with the reason. For Docker HEALTHCHECK lines, which have no
 * curl in our slim images and should not depend on a shell.
 *
 * On success it prints one line, `ready` or `ready; <notices joined by '; '>` (for another PATH,
 * `PATH ok` and the same), so `docker inspect`'s health log and `docker compose ps` show what a
 * passing probe still wants an operator to know ("ready; not redundant: ..."); scripts/up.sh
 * reads the same line.
 */
import { httpGet } from '../http/http-get.js';

/** The `notices` of a probe's JSON body; none when the body is not JSON or has none. */
function noticesOf(body: string): string[] {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !('notices' in parsed)) return [];
    const { notices } = parsed;
    return Array.isArray(notices)
      ? notices.filter((notice): notice is string => typeof notice === 'string' && notice !== '')
      : [];
  } catch {
    return [];
  }
}

const path = process.argv[2] ?? '/readyz';
const port = Number(process.env.HEALTH_PORT ?? 8080);
try {
  const { status, body } = await httpGet(`http://127.0.0.1:${port}${path}`, { timeoutMs: 4_000 });
  if (status < 200 || status >= 300) {
    console.log(`${path} answered ${status}: ${body}`);
    process.exit(1);
  }
  // One line: Docker keeps the output of each check, and up.sh reads it whole. A notice with a
  // line break would split it.
  const line = [path === '/readyz' ? 'ready' : `${path} ok`, ...noticesOf(body)].join('; ');
  console.log(line.replace(/\s*\n\s*/g, ' '));
  process.exit(0);
} catch (error) {
  console.log(
    `${path} on port ${port} did not answer: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
