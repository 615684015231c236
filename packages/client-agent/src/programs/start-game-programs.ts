import type { Supervisor } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import type { WsRefusals } from '../nginx/ws-refusals.js';
import type { ReadyToServe } from '../serving/install-and-prepare.js';
import { gameServerProgram } from './game-server-program.js';
import { nginxProgram } from './nginx-program.js';

/**
 * Starts nginx and the game server side by side: nginx serves the page while the game server
 * still loads (the browser client reconnects until /ws answers). nginx is registered first, so
 * the supervisor's reverse-order stop ends the game server first: it saves the round and closes
 * each player's socket (1001) while nginx still carries the close, then nginx stops with nothing
 * left open. nginx's refusals of /ws (the per-address cap) are counted into `refusals`.
 * Resolves once both are ready.
 */
export async function startGamePrograms(
  supervisor: Supervisor,
  config: ClientAgentConfig,
  ready: ReadyToServe,
  refusals?: WsRefusals,
): Promise<void> {
  await Promise.all([
    supervisor.start([nginxProgram(ready.nginx.conf, config.httpPort, refusals)]),
    supervisor.start([
      gameServerProgram({
        gameDir: ready.game.gameDir,
        port: config.gameInternalPort,
        leaderboardPath: ready.leaderboard,
        logLevel: config.logLevel,
      }),
    ]),
  ]);
}
