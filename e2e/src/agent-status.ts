import { execa } from 'execa';
import { pollUntil } from './deadline.js';

// Runs inside the agent's container with the Node that runs the agent: no curl in our images, and
// no host port needed, so it works after a `docker start` moved the mapped ports.
const GET_JSON = `
const path = process.argv[1];
require('node:http').get({ host: '127.0.0.1', port: Number(process.env.HEALTH_PORT || 8080), path }, (res) => {
  let body = '';
  res.on('data', (chunk) => { body += chunk; });
  res.on('end', () => { process.stdout.write(JSON.stringify({ status: res.statusCode, body: JSON.parse(body) })); });
}).on('error', (error) => { process.stdout.write(JSON.stringify({ status: 0, body: String(error) })); });
`;

/** An agent's health endpoint as JSON, asked from inside its container. */
export async function agentEndpoint<T = Record<string, unknown>>(
  containerId: string,
  path: '/status' | '/readyz' | '/healthz',
): Promise<{ status: number; body: T }> {
  const { stdout } = await execa('docker', ['exec', containerId, 'node', '-e', GET_JSON, path], {
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { status: number; body: T };
}

/** The fields of the gluster-agent's /status the container tests read. */
export interface GlusterAgentStatus {
  phase: string;
  self: string;
  notes: string[];
  blockedBy?: string;
  redundancy: { redundant: boolean; since: string; reasons: string[] };
  volume?: { id: string; status: string; bricks: { host: string; path: string }[] };
}

/** Waits until the agent in `containerId` answers /readyz 200, asking from inside the container. */
export async function waitAgentReady(
  containerId: string,
  timeoutMs: number,
  name = containerId,
): Promise<void> {
  await pollUntil(
    async () => ((await agentEndpoint(containerId, '/readyz')).status === 200 ? true : undefined),
    { timeoutMs, intervalMs: 500, description: `${name} /readyz 200` },
  );
}
