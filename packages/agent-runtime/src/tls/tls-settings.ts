import { absolutePath, oneOf, secondsAsMs } from '../config/validators.js';

/**
 * Where gluster looks for its TLS files. Debian's build reads these default paths for the
 * management connection (a FUSE client's and the CLI's cannot be given others), and the agents
 * also name them explicitly in the volume options, so bricks and mounts never depend on how
 * gluster was built.
 */
export interface GlusterTlsPaths {
  /** This member's certificate (PEM). */
  certificate: string;
  /** This member's private key (PEM, 0600). */
  privateKey: string;
  /** The stack CA's certificate: the only issuer a peer's certificate is accepted from. */
  caList: string;
  /** Its existence turns TLS on for glusterd's management connections, on servers and clients. */
  secureAccess: string;
}

/** The paths of Debian's gluster 11 build (verified in ../shared/PLATFORM.md). */
export const GLUSTER_TLS_PATHS: GlusterTlsPaths = Object.freeze({
  certificate: '/etc/ssl/glusterfs.pem',
  privateKey: '/etc/ssl/glusterfs.key',
  caList: '/etc/ssl/glusterfs.ca',
  secureAccess: '/var/lib/glusterd/secure-access',
});

/**
 * The default place of the stack's CA: where compose mounts the `stack-ca` volume and where a
 * Docker secret lands. One file with the CA's certificate and private key: whoever holds it can
 * join the stack, like a Swarm join token, so it is mounted read-only and never logged.
 */
export const DEFAULT_STACK_CA_FILE = '/run/secrets/gluster-asteroids/stack-ca.pem';

/** Variables both agents read for TLS. */
export const tlsEnvSpecs = {
  GLUSTER_TLS: oneOf(['on', 'off'] as const)({
    // On: nobody without a certificate from the stack's CA mounts, reads or joins. Off is an
    // explicit opt-out (GLUSTER_AUTH_ALLOW then limits mounts by address on the servers).
    default: 'on',
    desc: 'TLS with certificates from the stack CA on the management and I/O paths (on), or none (off)',
    example: 'on',
  }),
  GLUSTER_TLS_CA_FILE: absolutePath({
    default: DEFAULT_STACK_CA_FILE,
    desc: "the stack CA (certificate and private key, PEM) this container issues its own certificate from; create it once with the server image's `init-stack-ca`",
    example: DEFAULT_STACK_CA_FILE,
  }),
  GLUSTER_TLS_CA_WAIT_S: secondsAsMs(
    0,
    600,
  )({
    // Compose starts the `stack-ca` one-shot and the nodes together (no serial step in a cold
    // start); it makes the CA within a second or two. A CA that never comes is a missing step:
    // said at once in the log, an exit 78 at the end of the wait.
    default: 30_000,
    desc: 'how long to wait for the stack CA file to appear (created by the stack-ca service) before exiting 78',
    example: '30',
  }),
};

/** What an agent was told about TLS. */
export interface TlsSettings {
  mode: 'on' | 'off';
  caFile: string;
  /** How long to wait for the CA file to appear. */
  caWaitMs: number;
}
