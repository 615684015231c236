import { appendFile, chmod, link, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CommandRunner, runCommand } from '../command/run-command.js';
import { fileExists, readStackCa, type StackCa } from './stack-ca.js';

/** The stack CA's validity: ten years; members issue themselves new certificates at each start. */
export const STACK_CA_DAYS = 3650;

/** What {@link initStackCa} did. */
export interface StackCaInit {
  created: boolean;
  ca: StackCa;
}

/**
 * Creates the stack CA at `file` (certificate and key in one PEM file, root-only) unless a
 * usable one is already there: the one-shot init service runs this at every `up`, and the CA
 * must stay the same across `down`/`up`. A file that exists but is unusable is an error, never
 * overwritten: members may hold certificates from it.
 */
export async function initStackCa(
  file: string,
  run: CommandRunner = runCommand,
  now: () => Date = () => new Date(),
): Promise<StackCaInit> {
  if (await fileExists(file)) return { created: false, ca: await readStackCa(file, now()) };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const keyFile = `${file}.${process.pid}.tmp`;
  const certificateFile = `${keyFile}.crt`;
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-noenc',
        '-keyout',
        keyFile,
        '-out',
        certificateFile,
        '-subj',
        '/CN=gluster-asteroids stack CA',
        '-days',
        String(STACK_CA_DAYS),
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      { timeoutMs: 30_000 },
    );
    // Key and certificate in one root-only file, which then appears whole. A hard link, not a
    // rename: it never replaces a CA another init created meanwhile (that one wins, this one goes).
    await chmod(keyFile, 0o600);
    await appendFile(keyFile, await readFile(certificateFile, 'utf8'));
    try {
      await link(keyFile, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { created: false, ca: await readStackCa(file, now()) };
    }
  } finally {
    await rm(keyFile, { force: true });
    await rm(certificateFile, { force: true });
  }
  // The clock is read after openssl ran: its notBefore is that second, not the call's start.
  return { created: true, ca: await readStackCa(file, now()) };
}
