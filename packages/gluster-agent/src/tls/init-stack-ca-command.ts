import {
  absolutePath,
  DEFAULT_STACK_CA_FILE,
  ExitCodes,
  initStackCa,
  type Logger,
  parseEnv,
} from '@gluster-asteroids/agent-runtime';

/** The one variable of `init-stack-ca`: where to create (or find) the CA. */
const initEnvSpecs = {
  GLUSTER_TLS_CA_FILE: absolutePath({
    default: DEFAULT_STACK_CA_FILE,
    desc: 'where the stack CA (certificate and key, one PEM file) is created, unless a usable one is there',
    example: DEFAULT_STACK_CA_FILE,
  }),
};

/**
 * `docker run -v ga-stack-ca:/run/secrets/gluster-asteroids IMAGE init-stack-ca`: creates the
 * stack's CA once (compose's one-shot `stack-ca` service runs it at every `up`), or checks the one
 * that is there. Says where it is and what it is, never its key. Exit 0 when a usable CA is there.
 */
export async function initStackCaCommand(logger: Logger): Promise<number> {
  const { GLUSTER_TLS_CA_FILE: file } = parseEnv(initEnvSpecs, process.env);
  const { created, ca } = await initStackCa(file);
  logger.info(
    {
      file,
      subject: ca.certificate.subject,
      notAfter: new Date(ca.certificate.validTo).toISOString(),
      fingerprint256: ca.certificate.fingerprint256,
    },
    created
      ? `created the stack CA in ${file}: mount it read-only into every container of the stack; whoever holds it can join, so keep it like a password`
      : `the stack CA in ${file} is already there and usable: kept as it is`,
  );
  return ExitCodes.OK;
}
