import { describe, expect, it } from 'vitest';
import { GaError } from '../errors.js';
import { createLogger } from '../logger.js';
import { ManualClock } from '../time/manual-clock.js';
import type { ChildHandle, Spawner, SpawnRequest } from './child-process.js';
import { Supervisor } from './supervisor.js';
import type { ExitInfo, ProgramSpec } from './types.js';

const logger = createLogger({ name: 'test', level: 'silent' });

/** A spawner that records each request and hands back a child that runs until stopped. */
function recordingSpawner() {
  const requests: SpawnRequest[] = [];
  const spawn: Spawner = (request) => {
    requests.push(request);
    let end: (exit: ExitInfo) => void = () => undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
      end = resolve;
    });
    const child: ChildHandle = {
      pid: 4242,
      exited,
      signalGroup: (signal) => end({ exitCode: undefined, signal }),
    };
    return child;
  };
  return { spawn, requests };
}

async function startOne(spec: ProgramSpec) {
  const { spawn, requests } = recordingSpawner();
  const supervisor = new Supervisor({ logger, clock: new ManualClock(), spawn });
  await supervisor.start([spec]);
  await supervisor.stop();
  return requests;
}

describe('a program with its own identity and environment', () => {
  it('is spawned as its uid and gid, with only the environment it was given', async () => {
    const [request] = await startOne({
      name: 'game',
      command: '/usr/bin/node',
      args: ['server.js'],
      user: { uid: 10001, gid: 10002, name: 'asteroids-game' },
      inheritEnv: false,
      env: { GAME_HOST: '127.0.0.1' },
    });
    expect(request).toMatchObject({ uid: 10001, gid: 10002, extendEnv: false });
    expect(request?.env).toEqual({
      PATH: process.env.PATH || expect.any(String),
      HOME: '/nonexistent',
      USER: 'asteroids-game',
      LOGNAME: 'asteroids-game',
      GAME_HOST: '127.0.0.1',
    });
  });

  it("runs a program without a user as the agent, on the agent's environment", async () => {
    const [request] = await startOne({ name: 'nginx', command: 'nginx', args: [] });
    expect(request).not.toHaveProperty('uid');
    expect(request).not.toHaveProperty('gid');
    expect(request).toMatchObject({ extendEnv: true, env: {} });
  });

  it.each([
    ['uid', { uid: 0, gid: 10001 }],
    ['gid', { uid: 10001, gid: 0 }],
    ['uid', { uid: -1, gid: 10001 }],
    ['gid', { uid: 10001, gid: 1.5 }],
  ])(
    'is refused before anything starts when its user has %s %j (root or not a whole number)',
    async (field, user) => {
      const { spawn, requests } = recordingSpawner();
      const supervisor = new Supervisor({ logger, clock: new ManualClock(), spawn });
      const started = supervisor.start([{ name: 'game', command: 'node', args: [], user }]);
      await expect(started).rejects.toThrow(GaError);
      await expect(started).rejects.toThrow(`\`user.${field}\` must be a whole number from 1 up`);
      await expect(started).rejects.toMatchObject({ code: 'GA_PROGRAM_SPEC_INVALID' });
      expect(requests).toEqual([]);
      await supervisor.stop();
    },
  );

  it('hands each output line to its output hook, and a failing hook does not stop the program', async () => {
    const { spawn, requests } = recordingSpawner();
    const supervisor = new Supervisor({ logger, clock: new ManualClock(), spawn });
    const seen: string[] = [];
    await supervisor.start([
      {
        name: 'nginx',
        command: 'nginx',
        args: [],
        onLine: (stream, line) => {
          seen.push(`${stream}: ${line}`);
          if (line === 'boom') throw new Error('hook failed');
        },
      },
    ]);
    requests[0]?.onLine('stderr', 'limiting connections by zone "ws"');
    requests[0]?.onLine('stdout', 'boom');
    requests[0]?.onLine('stdout', 'after');
    expect(seen).toEqual(['stderr: limiting connections by zone "ws"', 'stdout: boom', 'stdout: after']);
    expect(supervisor.status()[0]).toMatchObject({
      state: 'running',
      lastLines: expect.arrayContaining(['after']),
    });
    await supervisor.stop();
  });
});
