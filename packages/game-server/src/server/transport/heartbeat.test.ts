import { describe, expect, it } from 'vitest';
import { Heartbeat, type Pingable } from './heartbeat.js';

/** A socket that answers pings as told: echoing the nonce (as RFC 6455 peers do), or not. */
class FakePeer implements Pingable {
  pings: Buffer[] = [];
  terminated = false;
  answers = true;
  private pong: ((data: Buffer) => void) | undefined;
  ping(data: Buffer): void {
    this.pings.push(data);
    if (this.answers) this.pong?.(data);
  }
  terminate(): void {
    this.terminated = true;
  }
  on(_event: 'pong', listener: (data: Buffer) => void): void {
    this.pong = listener;
  }
  /** A pong the peer sends on its own, answering nothing. */
  unsolicitedPong(data: Buffer): void {
    this.pong?.(data);
  }
}

/** Nonces 1, 2, 3... so a test can name the one a pong must echo. */
function counterNonce(): () => Buffer {
  let n = 0;
  return () => Buffer.from([++n]);
}

// Each beat() is one heartbeat interval of virtual time; no real timer runs.
describe('Heartbeat', () => {
  it('keeps connections that answer pings and terminates one that stopped answering', () => {
    const hb = new Heartbeat(counterNonce());
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

  it('sends a different nonce with every ping', () => {
    const hb = new Heartbeat();
    const peer = new FakePeer();
    hb.track(peer);
    hb.beat();
    hb.beat();
    expect(peer.pings).toHaveLength(2);
    expect(peer.pings[0]?.equals(peer.pings[1] ?? Buffer.alloc(0))).toBe(false);
  });

  it('does not count unsolicited pongs or pongs with the wrong data as alive', () => {
    const hb = new Heartbeat(counterNonce());
    const peer = new FakePeer();
    peer.answers = false;
    hb.track(peer);
    hb.beat(); // ping 1
    peer.unsolicitedPong(Buffer.alloc(0));
    peer.unsolicitedPong(Buffer.from([2]));
    expect(hb.beat()).toBe(1);
    expect(peer.terminated).toBe(true);
  });

  it('does not let an answer to an earlier ping count for the latest one', () => {
    const hb = new Heartbeat(counterNonce());
    const peer = new FakePeer();
    hb.track(peer);
    hb.beat(); // ping 1, answered
    peer.answers = false;
    hb.beat(); // ping 2, not answered
    peer.unsolicitedPong(Buffer.from([1])); // a replay of the first answer
    expect(hb.beat()).toBe(1);
  });

  it('counts a late but correct answer given before the next beat', () => {
    const hb = new Heartbeat(counterNonce());
    const peer = new FakePeer();
    peer.answers = false;
    hb.track(peer);
    hb.beat();
    peer.unsolicitedPong(Buffer.from([1]));
    expect(hb.beat()).toBe(0);
    expect(peer.terminated).toBe(false);
  });
});
