import type { ReleaseLease } from './release-lease.js';

/** What the game install found or did, and where this container runs the game from. */
export interface InstalledGame {
  /** `installed` by this container now, or `present` (on the volume already). */
  outcome: 'installed' | 'present';
  /** The version served (GAME_REPO's commit), or undefined for a pinned HTTP_DOCUMENTROOT. */
  version: string | undefined;
  /** The game on the volume that nginx serves (config.documentRoot is it, or a link to it). */
  documentRoot: string;
  /** This container's own copy of the game, on its disk: the game server runs from it. */
  gameDir: string;
  /**
   * This container's claim on its release (undefined when pinned), written already: start its
   * renewals with the agent's stop signal, or other containers' installs prune the release after
   * the lease expires (10 min).
   */
  lease: ReleaseLease | undefined;
}
