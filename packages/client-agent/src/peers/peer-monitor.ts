import { type Clock, systemClock } from '@gluster-asteroids/agent-runtime';
import { type PeerProbe, probePeers } from './probe-peers.js';

/**
 * Probes the peers on an interval so /status and /metrics show which storage nodes this
 * container can reach right now (a TCP connect each: cheap). Keeps only the last result.
 */
export class PeerMonitor {
  private last: readonly PeerProbe[] = [];
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly peers: readonly string[],
    private readonly intervalMs: number,
    private readonly probe: (peers: readonly string[]) => Promise<PeerProbe[]> = (peers) =>
      probePeers(peers, { timeoutMs: 1_000 }),
    private readonly clock: Clock = systemClock,
  ) {}

  /** The last probe of every peer, in configured order. */
  get results(): readonly PeerProbe[] {
    return this.last;
  }

  start(): void {
    this.loop ??= (async () => {
      const { signal } = this.controller;
      while (!signal.aborted) {
        this.last = await this.probe(this.peers);
        await this.clock.sleep(this.intervalMs, signal).catch(() => undefined);
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }
}
