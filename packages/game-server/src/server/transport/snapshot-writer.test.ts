import { describe, expect, it } from 'vitest';
import type { FrameBatch } from '../simulation/messages.js';
import { BACKLOG_LIMITS, SendBacklog, type SendKind } from './send-backlog.js';
import type { SendResult } from './session.js';
import { type FrameTarget, SnapshotWriter } from './snapshot-writer.js';

const SLOW_CLIENT_BYTES = BACKLOG_LIMITS.slowBytes;

/** A session's send path in small: the real backlog rule over a settable backlog, at time 0. */
class FakeTarget implements FrameTarget {
  bufferedAmount = 0;
  readonly written: string[] = [];
  readonly kinds = new Set<SendKind>();
  private readonly backlog = new SendBacklog(BACKLOG_LIMITS, () => 0);
  sendText(text: string, kind: SendKind): SendResult {
    this.kinds.add(kind);
    if (this.backlog.decide(this.bufferedAmount, kind) !== 'send') return 'skipped';
    this.written.push(text);
    return 'sent';
  }
}

/** One frame for session 1; the text names it so the test can see which got through. */
function batch(text: string, keyframe: boolean): FrameBatch {
  return { t: 'frames', sessionIds: [1], texts: [text], keyframes: [keyframe] };
}

function setup() {
  const target = new FakeTarget();
  const resyncs: number[] = [];
  const writer = new SnapshotWriter((id) => resyncs.push(id));
  const write = (text: string, keyframe = false) => writer.write(batch(text, keyframe), () => target);
  return { target, resyncs, writer, write };
}

describe('SnapshotWriter', () => {
  it('writes every frame to a client that keeps up, as snapshots under the backlog rule', () => {
    const { target, resyncs, write } = setup();
    write('k1', true);
    write('d2');
    expect(target.written).toEqual(['k1', 'd2']);
    expect(resyncs).toEqual([]);
    expect([...target.kinds]).toEqual(['snapshot']);
  });

  it('drops deltas after a skipped frame until a keyframe comes, and asks for one once', () => {
    const { target, resyncs, write } = setup();
    write('k1', true);
    target.bufferedAmount = SLOW_CLIENT_BYTES + 1;
    write('d2');
    write('d3');
    expect(resyncs).toEqual([1]);
    target.bufferedAmount = 0;
    write('d4'); // built on d2/d3, which the client never got
    write('k5', true);
    write('d6');
    expect(target.written).toEqual(['k1', 'k5', 'd6']);
    expect(resyncs).toEqual([1]);
  });

  it('asks again when the keyframe itself has to be dropped', () => {
    const { target, resyncs, write } = setup();
    target.bufferedAmount = SLOW_CLIENT_BYTES + 1;
    write('d1');
    write('k2', true);
    target.bufferedAmount = 0;
    write('d3');
    write('k4', true);
    expect(resyncs).toEqual([1, 1]);
    expect(target.written).toEqual(['k4']);
  });

  it('skips frames of sessions that are gone', () => {
    const { writer, resyncs } = setup();
    writer.write(batch('d1', false), () => undefined);
    expect(resyncs).toEqual([]);
  });

  it('asks for no keyframe for a session its own frame just dropped', () => {
    const { writer, resyncs } = setup();
    const dropped: FrameTarget = { sendText: () => 'closed' };
    writer.write(batch('k1', true), () => dropped);
    expect(resyncs).toEqual([]);
  });
});
