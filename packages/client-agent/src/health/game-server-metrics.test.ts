import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadClientAgentConfig } from '../config.js';
import { WsRefusals } from '../nginx/ws-refusals.js';
import { PeerMonitor } from '../peers/peer-monitor.js';
import { nginxProgram } from '../programs/nginx-program.js';
import { registerClientMetrics } from './client-metrics.js';
import { renameGameFamilies } from './game-server-metrics.js';

const GAME_TEXT = `# HELP game_players Players currently in an arena
# TYPE game_players gauge
game_players 3

# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 52000000

# HELP game_tick_duration_seconds Tick time
# TYPE game_tick_duration_seconds histogram
game_tick_duration_seconds_bucket{le="0.001"} 10
game_tick_duration_seconds_count 12
`;

const config = loadClientAgentConfig({ GLUSTER_PEER: 'gluster01' });

function agentRegistry(gameMetrics: () => Promise<string>) {
  const registry = new Registry();
  const refusals = new WsRefusals();
  registerClientMetrics(registry, {
    watchdog: () => undefined,
    bricks: () => undefined,
    peers: new PeerMonitor(config.peers, 10_000),
    writable: () => true,
    wsRefusals: refusals,
    gameMetrics,
  });
  return { registry, refusals };
}

describe("the game server's metrics in the agent's /metrics", () => {
  it('keeps game_* names and renames the game process metrics game_server_*, so no name is exposed twice', () => {
    const renamed = renameGameFamilies(GAME_TEXT);
    expect(renamed).toContain('game_players 3');
    expect(renamed).toContain('game_tick_duration_seconds_bucket{le="0.001"} 10');
    expect(renamed).toContain('# TYPE game_server_process_resident_memory_bytes gauge');
    expect(renamed).toContain('game_server_process_resident_memory_bytes 52000000');
    expect(renamed).not.toMatch(/^process_/m);
  });

  it("appends the game server's metrics to the agent's own, with asteroids_game_metrics_up 1", async () => {
    const { registry } = agentRegistry(async () => GAME_TEXT);
    const text = await registry.metrics();
    expect(text).toMatch(/^asteroids_storage_mounted 0$/m);
    expect(text).toMatch(/^game_players 3$/m);
    expect(text).toMatch(/^game_server_process_resident_memory_bytes 52000000$/m);
    expect(text).toMatch(/^asteroids_game_metrics_up 1$/m);
  });

  it("still answers with the agent's metrics and asteroids_game_metrics_up 0 when the game server does not", async () => {
    const { registry } = agentRegistry(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:8081');
    });
    const text = await registry.metrics();
    expect(text).toMatch(/^asteroids_storage_mounted 0$/m);
    expect(text).toMatch(/^asteroids_game_metrics_up 0$/m);
    expect(text).toContain('# game server metrics unavailable: connect ECONNREFUSED 127.0.0.1:8081');
    expect(text).not.toMatch(/^game_players/m);
  });

  it("counts nginx's per-address refusals of /ws in asteroids_ws_refused_total, and nothing else", async () => {
    const { registry, refusals } = agentRegistry(async () => '');
    const line = (zone: string) =>
      `2026/12/07 10:50:00 [warn] 31#31: *5 limiting connections by zone "${zone}", client: 172.17.0.1, ` +
      'server: _, request: "GET /ws HTTP/1.1", host: "127.0.0.1:32768"';
    refusals.observe(line('ws_per_address'));
    refusals.observe(line('ws_per_address'));
    refusals.observe(line('some_other_zone'));
    refusals.observe('2026/12/07 10:50:01 [error] 31#31: *6 connect() failed (111: Connection refused)');
    expect(await registry.metrics()).toMatch(/^asteroids_ws_refused_total 2$/m);
  });
});

describe('nginxProgram', () => {
  it("hands every line nginx prints to the refusal counter (the supervisor's onLine hook)", () => {
    const refusals = new WsRefusals();
    const spec = nginxProgram('/run/asteroids/nginx.conf', 80, refusals);
    spec.onLine?.('stderr', 'limiting connections by zone "ws_per_address", client: 10.0.0.1');
    spec.onLine?.('stderr', 'an unrelated line');
    expect(refusals.total).toBe(1);
  });
});
