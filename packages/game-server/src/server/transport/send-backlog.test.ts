import { describe, expect, it } from 'vitest';
import { BACKLOG_LIMITS, SendBacklog, type SendKind } from './send-backlog.js';

const { slowBytes, maxBytes, maxBehindMs } = BACKLOG_LIMITS;

function setup() {
  let now = 0;
  const backlog = new SendBacklog(BACKLOG_LIMITS, () => now);
  return { backlog, advance: (ms: number) => (now += ms) };
}

describe('SendBacklog', () => {
  it('sends every kind of message while the backlog is at or under the limit', () => {
    const { backlog } = setup();
    for (const kind of ['snapshot', 'reply', 'control'] as SendKind[]) {
      expect(backlog.decide(0, kind)).toBe('send');
      expect(backlog.decide(slowBytes, kind)).toBe('send');
    }
  });

  it('skips snapshots and replies over the limit but still sends control messages', () => {
    const { backlog } = setup();
    expect(backlog.decide(slowBytes + 1, 'snapshot')).toBe('skip');
    expect(backlog.decide(slowBytes + 1, 'reply')).toBe('skip');
    expect(backlog.decide(slowBytes + 1, 'control')).toBe('send');
  });

  it('drops a client that stays over the limit for the whole window, whatever it is sent', () => {
    const { backlog, advance } = setup();
    expect(backlog.decide(slowBytes + 1, 'reply')).toBe('skip');
    advance(maxBehindMs - 1);
    expect(backlog.decide(slowBytes + 1, 'control')).toBe('send');
    advance(1);
    expect(backlog.decide(slowBytes + 1, 'control')).toBe('drop');
  });

  it('starts the window again when the client catches up in between', () => {
    const { backlog, advance } = setup();
    backlog.decide(slowBytes + 1, 'snapshot');
    advance(maxBehindMs - 1);
    expect(backlog.decide(slowBytes, 'snapshot')).toBe('send');
    advance(1);
    expect(backlog.decide(slowBytes + 1, 'snapshot')).toBe('skip');
    advance(maxBehindMs - 1);
    expect(backlog.decide(slowBytes + 1, 'snapshot')).toBe('skip');
  });

  it('drops at once a client whose backlog passed the hard cap', () => {
    const { backlog } = setup();
    expect(backlog.decide(maxBytes + 1, 'control')).toBe('drop');
  });
});
