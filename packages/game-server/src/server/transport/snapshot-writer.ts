import type { FrameBatch } from '../simulation/messages.js';
import type { SendKind } from './send-backlog.js';
import type { SendResult } from './session.js';

/** What the writer needs of a connection; Session has it. */
export interface FrameTarget {
  sendText(text: string, kind: SendKind): SendResult;
}

/**
 * Writes the simulation's frames to the sockets. Whether a client is too slow for a frame is the
 * session's backlog rule (send-backlog.ts), the same for every message; what a skipped frame
 * means is decided here. From a skipped frame on, the client gets no delta until a keyframe (full
 * snapshot) comes, because a delta built on a dropped frame would corrupt the client's world. The
 * simulation is asked (resync) to make that session's next frame a keyframe.
 */
export class SnapshotWriter {
  private readonly awaitingKeyframe = new Set<number>();

  constructor(private readonly requestKeyframe: (sessionId: number) => void) {}

  write(batch: FrameBatch, targetOf: (sessionId: number) => FrameTarget | undefined): void {
    const { sessionIds, texts, keyframes } = batch;
    for (let i = 0; i < sessionIds.length; i++) {
      const sessionId = sessionIds[i] ?? 0;
      const target = targetOf(sessionId);
      if (!target) continue;
      const keyframe = keyframes[i] === true;
      // Deltas still in flight from before the resync was seen are built on the dropped frame.
      if (!keyframe && this.awaitingKeyframe.has(sessionId)) continue;
      const result = target.sendText(texts[i] ?? '', 'snapshot');
      if (result === 'skipped') this.skipped(sessionId);
      else if (result === 'sent' && keyframe) this.awaitingKeyframe.delete(sessionId);
      // 'closed': the session is gone and forget() has run (or will).
    }
  }

  /** The session is gone. */
  forget(sessionId: number): void {
    this.awaitingKeyframe.delete(sessionId);
  }

  /** Only keyframes get this far while one is awaited: a skipped one needs a new request. */
  private skipped(sessionId: number): void {
    this.awaitingKeyframe.add(sessionId);
    this.requestKeyframe(sessionId);
  }
}
