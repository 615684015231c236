import type { Logger } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import { clientHostFromAddress } from '../game/config-js.js';
import { discoverPublicAddress } from './discover-public-address.js';

/**
 * The host browsers should use for the game server: PUBLIC_HOST when set; else, with discovery
 * on, this host's address as a DNS server reports it (the seed's `dig ... o-o.myaddr`); else ''
 * (the page's own host). Discovery trouble is a warning, never a failure.
 */
export async function resolvePublicHost(config: ClientAgentConfig, logger: Logger): Promise<string> {
  if (config.publicHost) return config.publicHost;
  if (!config.discovery.enabled) return '';
  const { server, port, name, timeoutMs, retries } = config.discovery;
  const result = await discoverPublicAddress({ server: { host: server, port }, name, timeoutMs, retries });
  if (result.address !== undefined) {
    logger.info(
      { address: result.address, server, name },
      `public address discovered over DNS: ${result.address}`,
    );
    return clientHostFromAddress(result.address);
  }
  logger.warn(
    { server, name, code: result.code },
    `public address discovery failed (${result.reason}); config.js uses the page's own host instead. ` +
      'Set PUBLIC_HOST to choose it yourself.',
  );
  return '';
}
