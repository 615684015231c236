import { describe, expect, it } from 'vitest';
import { backoffDelay, decideAfterExit, type RestartRule } from './restart-policy.js';

const rule: RestartRule = {
  policy: 'always',
  backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
  startWindowMs: 10_000,
  maxFailures: 3,
};
const crash = { exitCode: 1, signal: undefined };
const clean = { exitCode: 0, signal: undefined };

describe('restart policy', () => {
  it('doubles the delay with each failure in the window and caps it', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(rule.backoff, n))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('restarts an always-program after a crash with the backoff for its failure count', () => {
    expect(decideAfterExit(rule, crash, [5_000, 6_000], 6_000)).toEqual({
      action: 'restart',
      delayMs: 200,
      recentFailures: 2,
    });
  });

  it('declares a program fatal when it failed maxFailures times within the start window', () => {
    const decision = decideAfterExit(rule, crash, [1_000, 2_000, 3_000], 3_000);
    expect(decision).toMatchObject({ action: 'fatal' });
    expect(decision.action === 'fatal' && decision.reason).toContain('failed 3 times within 10 s');
  });

  it('forgets failures older than the start window', () => {
    expect(decideAfterExit(rule, crash, [0, 1_000, 20_000], 20_000)).toMatchObject({
      action: 'restart',
      recentFailures: 1,
    });
  });

  it('leaves an on-failure program down after a clean exit', () => {
    expect(decideAfterExit({ ...rule, policy: 'on-failure' }, clean, [], 0)).toEqual({ action: 'exited' });
  });

  it('treats a failed never-program as fatal and a clean one as done', () => {
    expect(decideAfterExit({ ...rule, policy: 'never' }, crash, [0], 0)).toMatchObject({ action: 'fatal' });
    expect(decideAfterExit({ ...rule, policy: 'never' }, clean, [], 0)).toEqual({ action: 'exited' });
  });

  it('gives up at once on a program that could not be started', () => {
    const exit = { exitCode: undefined, signal: undefined, spawnError: 'ENOENT' };
    expect(decideAfterExit(rule, exit, [0], 0)).toEqual({
      action: 'fatal',
      reason: 'could not start: ENOENT',
    });
  });

  it('describes a program killed by a signal', () => {
    const decision = decideAfterExit(
      { ...rule, maxFailures: 1 },
      { exitCode: undefined, signal: 'SIGSEGV' },
      [0],
      0,
    );
    expect(decision.action === 'fatal' && decision.reason).toContain('was killed by SIGSEGV');
  });
});
