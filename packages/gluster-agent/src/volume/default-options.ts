/** One option the agent keeps set on the volume, and why. */
export interface VolumeOptionDefault {
  key: string;
  value: string;
  reason: string;
}

/**
 * The HA options for a replica volume, in the order they are applied. One place, one reason each.
 *
 * Split-brain trade-off: replica 2 cannot tell "my partner is down" from "we are partitioned", so
 * it either stops writes when one brick is gone (quorum) or keeps writing on both sides and may
 * diverge. The seed promises that one surviving server keeps serving, so replica 2 chooses
 * availability and resolves divergence automatically by newest mtime. Replica 3 and replica 3
 * arbiter 1 have a majority, so they keep quorum and never need that compromise.
 */
export function haVolumeOptions(replica: number, arbiter: number): VolumeOptionDefault[] {
  const common: VolumeOptionDefault[] = [
    {
      key: 'network.ping-timeout',
      value: '5',
      reason:
        'A hung (not dead) brick stalls client I/O for the ping timeout: measured ~77 s with the default 42 s, ' +
        '~10 s with 5 s. A killed node closes its sockets and fails over in ~0.1 s either way.',
    },
    {
      key: 'cluster.self-heal-daemon',
      value: 'on',
      reason:
        'A returning brick is healed in the background (23 entries healed in ~9 s here), not on first access.',
    },
    {
      key: 'cluster.heal-timeout',
      value: '10',
      reason:
        'The self-heal daemon also crawls the heal index every heal-timeout seconds (default 600). After a hung ' +
        '(paused) brick came back, the entries written meanwhile waited for that crawl: minutes of "heal pending" ' +
        'measured in the HA suite. 10 s heals them within seconds; crawling an empty index costs next to nothing.',
    },
  ];
  if (replica >= 3) {
    return [
      ...common,
      {
        key: 'cluster.quorum-type',
        value: 'auto',
        reason:
          `Replica ${replica}${arbiter ? ' arbiter 1' : ''}: writes need a majority of bricks, so a partitioned ` +
          'minority turns read-only instead of diverging. This is what prevents split-brain.',
      },
    ];
  }
  return [
    ...common,
    {
      key: 'cluster.quorum-type',
      value: 'none',
      reason:
        'Replica 2: one surviving brick keeps serving reads and writes (gluster 11 default, set explicitly so the ' +
        'choice shows in `volume info`). The price is possible split-brain after a partition.',
    },
    {
      key: 'cluster.favorite-child-policy',
      value: 'mtime',
      reason:
        'Replica 2: resolve split-brain automatically by keeping the copy with the newest mtime, instead of ' +
        'EIO until an operator intervenes. The older side of a conflicting write is lost.',
    },
  ];
}

/** Who may use the volume, as the agents were told (GLUSTER_TLS, GLUSTER_AUTH_ALLOW). */
export interface VolumeAccess {
  tls: 'on' | 'off';
  /** With TLS off: the addresses allowed to mount. */
  authAllow: readonly string[];
  /** Where every member keeps its certificate, key and the stack CA (the same in every image). */
  paths: { certificate: string; privateKey: string; caList: string };
}

/**
 * The I/O path's access options. Gluster reads the TLS ones only when a brick starts, so they
 * are set before a volume's first start (see planOptions); a volume started without them keeps
 * running as it is and says so in /status.
 */
export function accessVolumeOptions(access: VolumeAccess): VolumeOptionDefault[] {
  if (access.tls === 'off') {
    return [
      {
        key: 'auth.allow',
        value: access.authAllow.join(','),
        reason: 'TLS is off (GLUSTER_TLS=off): only these client addresses may mount (GLUSTER_AUTH_ALLOW).',
      },
    ];
  }
  const why =
    'TLS on the I/O path: bricks and mounts accept only peers with a certificate from the stack CA.';
  return [
    {
      key: 'ssl.own-cert',
      value: access.paths.certificate,
      reason: `${why} This member's certificate, named explicitly.`,
    },
    { key: 'ssl.private-key', value: access.paths.privateKey, reason: `${why} Its key.` },
    {
      key: 'ssl.ca-list',
      value: access.paths.caList,
      reason: `${why} The stack CA, the only issuer accepted.`,
    },
    { key: 'client.ssl', value: 'on', reason: why },
    { key: 'server.ssl', value: 'on', reason: why },
    {
      key: 'auth.ssl-allow',
      value: '*',
      reason: `${why} Any certificate the stack CA issued: holding the CA is what makes a member.`,
    },
  ];
}

/** Options that only take effect when the bricks start: set before a first start, never later. */
export const START_TIME_OPTIONS: ReadonlySet<string> = new Set([
  'ssl.own-cert',
  'ssl.private-key',
  'ssl.ca-list',
  'client.ssl',
  'server.ssl',
]);
