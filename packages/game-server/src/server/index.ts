// The game server's public API, for tests and for embedding (the bundle's entry is main.ts).
export {
  createGameServer,
  type GameServer,
  type GameServerDeps,
  MAX_PAYLOAD_BYTES,
  type ServerState,
} from './app.js';
export { DEFAULT_MAX_CONNECTIONS, type GameConfig, loadConfig } from './config.js';
export { ERROR_CODES, type ErrorCode, GameError, isGameError } from './errors.js';
export { FileStorage, type FileStorageOptions, type LeaderboardStorage } from './leaderboard/file-storage.js';
export type { SaveStatus } from './leaderboard/save-health.js';
export { LeaderboardService } from './leaderboard/service.js';
export { createLogger } from './logger.js';
export { createMetrics, type GameMetrics } from './metrics.js';
export { realTimers, type Timers } from './timers.js';
export { IoLane, type IoLaneOptions, type IoLaneState, type LaneCall } from './volume/io-lane.js';
export { nodeVolumeFs, type VolumeFs } from './volume/volume-fs.js';
