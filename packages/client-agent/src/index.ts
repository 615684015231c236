// The public API of the client-agent's building blocks, exported by name.

export {
  DISCOVERY_DEFAULTS,
  type DiscoverPublicAddressOptions,
  discoverPublicAddress,
  type HostLookup,
  type PublicAddressResult,
} from './discovery/discover-public-address.js';
export { DNS_ERROR_CODES, DnsError, type DnsErrorCode } from './discovery/dns-errors.js';
export { type DnsSocket, type DnsSocketFactory, openUdpDnsSocket } from './discovery/dns-socket.js';
export { type QueryTxtOptions, queryTxt } from './discovery/query-txt.js';
export {
  CLIENT_CONFIG_ERROR_CODES,
  ClientConfigError,
  type ClientConfigErrorCode,
} from './game/client-config-errors.js';
export {
  type ClientEndpoint,
  clientHostFromAddress,
  isClientHost,
  renderConfigJs,
  writeConfigJsAtomically,
} from './game/config-js.js';
export { type CheckNginxConfigOptions, checkNginxConfig, nginxArgs } from './nginx/check-nginx-config.js';
export { NGINX_ERROR_CODES, NginxError, type NginxErrorCode } from './nginx/nginx-errors.js';
export { type NginxRunPaths, nginxRunPaths } from './nginx/nginx-paths.js';
export {
  NGINX_DEFAULTS,
  type NginxSettings,
  type NginxSettingsInput,
  validateNginxSettings,
} from './nginx/nginx-settings.js';
export { NGINX_TEMP_DIRS, renderNginxConfig } from './nginx/render-nginx-config.js';
export { NGINX_HEALTH_PATH, renderServerBlock, WEBSOCKET_PATH } from './nginx/render-server-block.js';
export { renderStorageDownPage } from './nginx/storage-down-page.js';
export { writeNginxRunDir } from './nginx/write-nginx-run-dir.js';
export {
  type BrickConnection,
  parseBrickConnections,
  type ReadBrickConnectionsOptions,
  readBrickConnections,
} from './storage/brick-connections.js';
export { serverAnswers, waitForBrick, waitForEveryBrick } from './storage/brick-gate.js';
export {
  BrickMonitor,
  type BrickMonitorOptions,
  type BrickView,
  isRedundant,
  redundancyNotices,
} from './storage/brick-monitor.js';
export {
  type BricksWait,
  logBricksWait,
  viewAfterWait,
  type WaitForBricksOptions,
  waitForBricks,
} from './storage/wait-for-bricks.js';
