#!/usr/bin/env node
/**
 * `healthcheck [PATH]`: exits 0 when the agent's health server answers PATH (default /readyz)
 * with 2xx on HEALTH_PORT, else 1 with the reason. For Docker HEALTHCHECK lines, which have no
 * curl in our slim images and should not depend on a shell.
 */
import { httpGet } from '../http/http-get.js';

const path = process.argv[2] ?? '/readyz';
const port = Number(process.env.HEALTH_PORT ?? 8080);
try {
  const { status, body } = await httpGet(`http://127.0.0.1:${port}${path}`, { timeoutMs: 4_000 });
  if (status < 200 || status >= 300) {
    console.log(`${path} answered ${status}: ${body}`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  console.log(
    `${path} on port ${port} did not answer: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
