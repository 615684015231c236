import { describe, expect, it } from 'vitest';
import { Heartbeat, type Pingable } from './heartbeat.js';

class FakePeer implements Pingable {
  pings = 0;
  terminated = false;
  private pong: (() => void) | undefined;
  answers = true;
  ping(): void {
    this.pings += 1;
    if (this.answers) this.pong?.();
  }
  terminate(): void {
    this.terminated = true;
  }
  on(_event: 'pong', listener: () => void): void {
    this.pong = listener;
  }
}

describe('Heartbeat', () => {
  it('keeps connections that answer pings and terminates one that stopped answering', () => {
    const hb = new Heartbeat();
    const live = new FakePeer();
    const dead = new FakePeer();
    hb.track(live);
    hb.track(dead);
    dead.answers = false;
    expect(hb.beat()).toBe(0);
    expect(hb.beat()).toBe(1);
    expect(dead.terminated).toBe(true);
    expect(live.terminated).toBe(false);
    expect(hb.beat()).toBe(0);
  });
});
