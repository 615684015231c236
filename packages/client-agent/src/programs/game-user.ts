import type { ProgramUser } from '@gluster-asteroids/agent-runtime';

/**
 * The unprivileged identity the game server runs as; images/asteroids/Dockerfile creates it with
 * these ids. Fixed, not allocated at build: the leaderboard it writes on the shared volume must
 * have the same owner in every container, whichever build or host made the image.
 */
export const GAME_USER: Readonly<Required<ProgramUser>> = Object.freeze({
  uid: 10001,
  gid: 10001,
  name: 'asteroids-game',
  home: '/nonexistent',
});
