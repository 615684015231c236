import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GLUSTER_TLS_PATHS,
  initStackCa,
  issueMemberCredentials,
  type StackCa,
} from '@gluster-asteroids/agent-runtime';

/**
 * The stack CA of the containers the tests start without compose, made by the product's own
 * `initStackCa` once per machine (global setup) and bind-mounted read-only where the images look
 * for it, as docs/rancher.md tells a `docker run` user to do. Compose stacks make their own.
 */
export const TEST_STACK_CA_DIR = join(tmpdir(), 'gluster-asteroids-test-ca');

/** Where both images read the stack CA (GLUSTER_TLS_CA_FILE's default directory). */
export const STACK_CA_CONTAINER_DIR = '/run/secrets/gluster-asteroids';

/** Creates the test stack CA unless it is there; returns it. */
export async function ensureTestStackCa(): Promise<StackCa> {
  return (await initStackCa(join(TEST_STACK_CA_DIR, 'stack-ca.pem'))).ca;
}

/** `docker run` flags that hand a container the test stack CA (read-only). */
export const STACK_CA_RUN_FLAGS: readonly string[] = [
  '--volume',
  `${TEST_STACK_CA_DIR}:${STACK_CA_CONTAINER_DIR}:ro`,
];

/** The same for testcontainers' withBindMounts. */
export function stackCaBindMount(): { source: string; target: string; mode: 'ro' } {
  return { source: TEST_STACK_CA_DIR, target: STACK_CA_CONTAINER_DIR, mode: 'ro' };
}

/** A file to copy into a container (testcontainers' withCopyContentToContainer). */
export interface ContainerFile {
  content: string;
  target: string;
  mode: number;
}

/**
 * gluster's TLS files for a bare FUSE client (no agent): a key and certificate issued by
 * `ca` for `commonName`, the CA, and secure-access, at the paths gluster reads. With another
 * CA, the same files make an intruder whose certificate the stack does not trust.
 */
export async function memberTlsFiles(ca: StackCa, commonName: string): Promise<ContainerFile[]> {
  const member = await issueMemberCredentials({ ca, commonName });
  return [
    { content: member.privateKeyPem, target: GLUSTER_TLS_PATHS.privateKey, mode: 0o600 },
    { content: member.certificatePem, target: GLUSTER_TLS_PATHS.certificate, mode: 0o644 },
    { content: ca.certificatePem, target: GLUSTER_TLS_PATHS.caList, mode: 0o644 },
    { content: '', target: GLUSTER_TLS_PATHS.secureAccess, mode: 0o644 },
  ];
}
