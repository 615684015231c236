import type { FrameBatch } from '../simulation/messages.js';
import { SLOW_CLIENT_BYTES } from './peer.js';

/** What the writer needs of a connection; Session has it. */
export interface FrameTarget {
  readonly bufferedAmount: number;
  sendText(text: string): void;
}

/**
 * Writes the simulation's frames to the sockets and decides, as the only one who sees the
 * socket buffers, which clients are too slow. A client whose buffer is over SLOW_CLIENT_BYTES
 * gets no frame; from then on it gets no delta either until a keyframe (full snapshot) comes,
 * because a delta built on a dropped frame would corrupt the client's world. The simulation is
 * asked (resync) to make that session's next frame a keyframe.
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
      if (target.bufferedAmount > SLOW_CLIENT_BYTES) {
        this.drop(sessionId, keyframe);
        continue;
      }
      if (this.awaitingKeyframe.has(sessionId)) {
        // Deltas still in flight from before the resync was seen are built on the dropped frame.
        if (!keyframe) continue;
        this.awaitingKeyframe.delete(sessionId);
      }
      target.sendText(texts[i] ?? '');
    }
  }

  /** The session is gone. */
  forget(sessionId: number): void {
    this.awaitingKeyframe.delete(sessionId);
  }

  private drop(sessionId: number, keyframe: boolean): void {
    // A dropped keyframe needs a new request: the simulation believes that client now has it.
    if (this.awaitingKeyframe.has(sessionId) && !keyframe) return;
    this.awaitingKeyframe.add(sessionId);
    this.requestKeyframe(sessionId);
  }
}
