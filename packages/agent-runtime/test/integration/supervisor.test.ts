import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCodes } from '../../src/exit-codes.js';
import { ProgramFatalError } from '../../src/supervisor/program-errors.js';
import { Supervisor } from '../../src/supervisor/supervisor.js';
import type { ProgramSpec } from '../../src/supervisor/types.js';
import { pollUntil } from '../../src/time/poll-until.js';
import { captureLogger } from './log-capture.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const node = (name: string, args: string[] = []): Pick<ProgramSpec, 'command' | 'args'> => ({
  command: process.execPath,
  args: [fixture(name), ...args],
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const supervisors: Supervisor[] = [];
const dirs: string[] = [];
function newSupervisor() {
  const capture = captureLogger();
  const supervisor = new Supervisor({ logger: capture.logger });
  supervisors.push(supervisor);
  return { supervisor, ...capture };
}
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ga-supervisor-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Supervisor with real child processes', () => {
  it('tags every output line of a program with the program name and stream', async () => {
    const { supervisor, lines } = newSupervisor();
    await supervisor.start([{ name: 'greeter', ...node('print-lines.mjs', ['greeter']) }]);
    await pollUntil(async () => lines.filter((l) => l.program === 'greeter' && l.stream).length >= 2, {
      what: 'two output lines',
      intervalMs: 20,
      timeoutMs: 5000,
    });
    const output = lines.filter((l) => l.stream);
    expect(output).toContainEqual(
      expect.objectContaining({ program: 'greeter', stream: 'stdout', msg: 'hello from greeter' }),
    );
    expect(output).toContainEqual(
      expect.objectContaining({ program: 'greeter', stream: 'stderr', msg: 'a line on stderr' }),
    );
  });

  it('restarts a crashing program with growing backoff, then declares it fatal with its last output', async () => {
    const { supervisor, lines } = newSupervisor();
    // Without a readiness check a program counts as started once spawned; the crash loop
    // then ends the supervisor.
    await supervisor.start([
      {
        name: 'crasher',
        ...node('crash.mjs', ['7']),
        backoff: { initialMs: 20, factor: 2, maxMs: 1000 },
        maxFailures: 4,
        startWindowMs: 60_000,
      },
    ]);
    const result = await supervisor.done;
    expect(result.fatal).toBeInstanceOf(ProgramFatalError);
    expect(result.reason).toBe('fatal');
    expect(result.exitCode).toBe(ExitCodes.CHILD_FATAL);
    expect(result.fatal?.program).toBe('crasher');
    expect(result.fatal?.message).toContain('exited with code 7');
    expect(result.fatal?.message).toContain('crashing with code 7');
    const delays = lines.filter((l) => typeof l.delayMs === 'number').map((l) => l.delayMs);
    expect(delays).toEqual([20, 40, 80]);
    expect(supervisor.status()[0]).toMatchObject({ state: 'fatal', restarts: 3 });
  });

  it('does not restart an on-failure program that exits cleanly', async () => {
    const { supervisor } = newSupervisor();
    await supervisor.start([{ name: 'once', ...node('crash.mjs', ['0']), restart: 'on-failure' }]);
    await pollUntil(async () => supervisor.status()[0]?.state === 'exited', {
      what: 'the program to exit',
      intervalMs: 20,
      timeoutMs: 5000,
    });
    expect(supervisor.status()[0]?.restarts).toBe(0);
  });

  it('starts a program only after the one before it passed its readiness check', async () => {
    const dir = tempDir();
    const readyFile = join(dir, 'first-ready');
    const log = join(dir, 'log');
    const { supervisor } = newSupervisor();
    await supervisor.start([
      {
        name: 'first',
        ...node('touch-after.mjs', [readyFile, '300']),
        ready: (signal) =>
          pollUntil(async () => existsSync(readyFile), {
            what: 'file',
            intervalMs: 20,
            timeoutMs: 5000,
            signal,
          }),
      },
      { name: 'second', ...node('record-stop.mjs', [log, 'second']) },
    ]);
    // `second` wrote its start line only after `first` created its file.
    await pollUntil(async () => existsSync(log), { what: 'log', intervalMs: 20, timeoutMs: 5000 });
    expect(existsSync(readyFile)).toBe(true);
    expect(supervisor.status().map((s) => s.state)).toEqual(['running', 'running']);
  });

  it('stops programs in reverse start order and reports a clean stop', async () => {
    const log = join(tempDir(), 'log');
    const { supervisor } = newSupervisor();
    const ready = () =>
      pollUntil(async () => existsSync(log), { what: 'log', intervalMs: 10, timeoutMs: 5000 });
    await supervisor.start([
      { name: 'a', ...node('record-stop.mjs', [log, 'a']), ready },
      { name: 'b', ...node('record-stop.mjs', [log, 'b']) },
      { name: 'c', ...node('record-stop.mjs', [log, 'c']) },
    ]);
    await pollUntil(async () => readFileSync(log, 'utf8').split('\n').length >= 4, {
      what: 'all three started',
      intervalMs: 20,
      timeoutMs: 5000,
    });
    const result = await supervisor.stop();
    const stops = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('stop'));
    expect(stops).toEqual(['stop c', 'stop b', 'stop a']);
    expect(result.exitCode).toBe(ExitCodes.OK);
    expect(result.stops.map((s) => s.outcome)).toEqual(['clean', 'clean', 'clean']);
  });

  it('restarts a program on request: stopped with its signal, started again at once, not counted as a failure', async () => {
    const log = join(tempDir(), 'log');
    const { supervisor, lines } = newSupervisor();
    const count = (what: string) =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith(what)).length
        : 0;
    await supervisor.start([
      {
        name: 'daemon',
        ...node('record-stop.mjs', [log, 'daemon']),
        // One failure would already be fatal: a restart that counted as one would end the supervisor.
        maxFailures: 1,
        ready: (signal) =>
          pollUntil(async () => count('start') > count('stop'), {
            what: 'a start line after the last stop line',
            intervalMs: 10,
            timeoutMs: 5000,
            signal,
          }),
      },
    ]);
    const firstPid = supervisor.status()[0]?.pid;
    // Between the stop and the start: the old process is gone, the new one not there yet.
    let between = '';
    const restarted = await supervisor.restart('daemon', 'its certificate was renewed', async () => {
      between = `${count('start')} start, ${count('stop')} stop, alive ${firstPid !== undefined && isAlive(firstPid)}`;
    });
    expect(restarted).toBe(true);
    expect(between).toBe('1 start, 1 stop, alive false');
    const [status] = supervisor.status();
    expect(status).toMatchObject({ state: 'running', restarts: 1 });
    expect(status?.pid).not.toBe(firstPid);
    expect(firstPid && isAlive(firstPid)).toBe(false);
    expect(readFileSync(log, 'utf8')).toMatch(/stop daemon/);
    expect(lines.some((l) => l.msg === 'restarting daemon: its certificate was renewed')).toBe(true);
    // Nothing to restart: an unknown program, or a stopped supervisor.
    expect(await supervisor.restart('nobody', 'test')).toBe(false);
    await supervisor.stop();
    expect(await supervisor.restart('daemon', 'test')).toBe(false);
  });

  it('escalates to SIGKILL when a program ignores its stop signal and reports an unclean stop', async () => {
    const { supervisor, lines } = newSupervisor();
    await supervisor.start([{ name: 'stubborn', ...node('ignore-sigterm.mjs'), stopTimeoutMs: 300 }]);
    await pollUntil(async () => lines.some((l) => l.msg === 'running'), {
      what: 'the SIGTERM handler to be installed',
      intervalMs: 20,
      timeoutMs: 5000,
    });
    const pid = supervisor.status()[0]?.pid;
    const result = await supervisor.stop();
    expect(result.stops).toEqual([{ name: 'stubborn', outcome: 'killed' }]);
    expect(result.exitCode).toBe(ExitCodes.UNCLEAN_STOP);
    expect(pid && isAlive(pid)).toBe(false);
  });

  it('leaves no grandchild running after a stop, even one that ignores SIGTERM', async () => {
    const pidFile = join(tempDir(), 'pid');
    const { supervisor } = newSupervisor();
    await supervisor.start([
      {
        name: 'parent',
        ...node('spawn-grandchild.mjs', [pidFile]),
        ready: (signal) =>
          pollUntil(async () => existsSync(pidFile), {
            what: 'pid',
            intervalMs: 20,
            timeoutMs: 5000,
            signal,
          }),
      },
    ]);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(grandchild)).toBe(true);
    await supervisor.stop();
    await pollUntil(async () => !isAlive(grandchild), {
      what: 'grandchild gone',
      intervalMs: 20,
      timeoutMs: 3000,
    });
    expect(isAlive(grandchild)).toBe(false);
  });

  it('gives up at once on a program that cannot be started at all', async () => {
    const { supervisor } = newSupervisor();
    const started = supervisor.start([{ name: 'missing', command: '/nonexistent/binary', args: [] }]);
    await expect(started).rejects.toThrow(/could not start: ENOENT/);
    expect((await supervisor.done).exitCode).toBe(ExitCodes.CHILD_FATAL);
  });

  it('counts a readiness check that never passes as a failed start', async () => {
    const { supervisor } = newSupervisor();
    const started = supervisor.start([
      {
        name: 'never-ready',
        ...node('print-lines.mjs'),
        ready: () => new Promise(() => {}),
        readyTimeoutMs: 100,
        backoff: { initialMs: 10 },
        maxFailures: 2,
      },
    ]);
    await expect(started).rejects.toThrow(/never-ready.*failed 2 times/);
  });
});
