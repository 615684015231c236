import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from '../../src/health/health-server.js';
import { registerSupervisorMetrics } from '../../src/health/supervisor-metrics.js';
import { Supervisor } from '../../src/supervisor/supervisor.js';
import { captureLogger } from './log-capture.js';

let server: HealthServer | undefined;
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await server?.close();
  await supervisor?.stop();
});

async function get(path: string): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`http://127.0.0.1:${server?.port}${path}`);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('health server', () => {
  it('answers probes from live checks: 200 when all pass, 503 naming the failing check', async () => {
    const { logger } = captureLogger();
    let volumeStarted = false;
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry: new Registry(),
      liveness: { glusterd: () => ({ ok: true }) },
      readiness: {
        volume: () => ({ ok: volumeStarted, detail: volumeStarted ? 'started' : 'not created yet' }),
      },
      status: () => ({ volume: volumeStarted ? 'Started' : 'absent' }),
    });
    expect((await get('/healthz')).status).toBe(200);
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({
      status: 'failing',
      checks: { volume: { ok: false, detail: 'not created yet' } },
    });
    volumeStarted = true;
    expect((await get('/readyz')).status).toBe(200);
    expect(JSON.parse((await get('/status')).body)).toEqual({ volume: 'Started' });
  });

  it('includes the current notices in the /readyz body whatever its status, and only there', async () => {
    const { logger } = captureLogger();
    let ready = true;
    let notices: string[] = [];
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry: new Registry(),
      liveness: { agent: () => ({ ok: true }) },
      readiness: { storage: () => ({ ok: ready }) },
      notices: () => notices,
      status: () => ({}),
    });
    expect(JSON.parse((await get('/readyz')).body)).toEqual({
      status: 'ok',
      checks: { storage: { ok: true } },
      notices: [],
    });
    notices = ['not redundant: brick gluster02:/gluster_volume/brick is not connected'];
    expect(JSON.parse((await get('/readyz')).body).notices).toEqual(notices);
    ready = false;
    const failing = await get('/readyz');
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.body)).toMatchObject({ status: 'failing', notices });
    expect(JSON.parse((await get('/healthz')).body)).not.toHaveProperty('notices');
  });

  it('reports notices that cannot be read as one notice, without failing the probe', async () => {
    const { logger } = captureLogger();
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry: new Registry(),
      liveness: {},
      readiness: {},
      notices: () => {
        throw new Error('monitor gone');
      },
      status: () => ({}),
    });
    const answer = await get('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).notices).toEqual(['notices unavailable: monitor gone']);
  });

  it('reports a check that throws as failing with its message', async () => {
    const { logger } = captureLogger();
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry: new Registry(),
      liveness: {
        glusterd: () => {
          throw new Error('Connection failed. Please check if gluster daemon is operational.');
        },
      },
      readiness: {},
      status: () => ({}),
    });
    const response = await get('/healthz');
    expect(response.status).toBe(503);
    expect(response.body).toContain('Connection failed');
  });

  it('serves Prometheus metrics of the supervised programs', async () => {
    const { logger } = captureLogger();
    supervisor = new Supervisor({ logger });
    const registry = new Registry();
    registerSupervisorMetrics(registry, supervisor);
    await supervisor.start([
      { name: 'sleeper', command: process.execPath, args: ['-e', 'setInterval(()=>{},1000)'] },
    ]);
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry,
      liveness: {},
      readiness: {},
      status: () => ({}),
    });
    const metrics = await get('/metrics');
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('ga_program_up{program="sleeper"} 1');
    expect(metrics.body).toContain('ga_program_state{program="sleeper",state="running"} 1');
    expect(metrics.body).toContain('ga_program_restarts_total{program="sleeper"} 0');
  });
});
