import type { StartedTestContainer } from 'testcontainers';
import { pollUntil } from './deadline.js';
import { xmlText } from './gluster-xml.js';

/** What a gluster CLI call inside a node produced. */
export interface GlusterCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** `<opRet>` of the XML answer; undefined when stdout is not gluster XML (glusterd down). */
  opRet: number | undefined;
  /** `<opErrstr>`, the reason of a failed operation ('' when none). */
  opErrstr: string;
}

/**
 * Runs `gluster --mode=script --xml <args>` inside a node (argument array, no shell). A failure is
 * returned, not thrown: callers decide whether it is a failure or a state to wait out. Judge it
 * by `succeeded()`: gluster 11 exits 0 for most failed operations; opRet says what happened.
 */
export async function glusterXml(
  node: StartedTestContainer,
  args: readonly string[],
): Promise<GlusterCliResult> {
  const { exitCode, stdout, stderr } = await node.exec(['gluster', '--mode=script', '--xml', ...args]);
  const opRet = xmlText(stdout, 'opRet');
  return {
    exitCode,
    stdout,
    stderr,
    opRet: opRet === undefined ? undefined : Number(opRet),
    opErrstr: xmlText(stdout, 'opErrstr') ?? '',
  };
}

/** The operation ran and succeeded: opRet 0 (heal exits non-zero even then, so not the exit code). */
export function succeeded(result: GlusterCliResult): boolean {
  return result.opRet === 0;
}

/**
 * glusterd refused the command because another transaction held the cluster-wide volume lock
 * (the agents read `volume status` on a schedule); it was not run, and asking again is safe.
 */
export function refusedAsBusy(result: GlusterCliResult): boolean {
  return /^Another transaction is in progress|^Locking failed on /.test(result.opErrstr);
}

/**
 * Like `glusterXml`, but throws with the output unless the operation succeeded. A refusal because
 * the volume lock was held is asked again for up to `busyTimeoutMs` (default 10 s).
 */
export async function glusterXmlOk(
  node: StartedTestContainer,
  args: readonly string[],
  { busyTimeoutMs = 10_000 }: { busyTimeoutMs?: number } = {},
): Promise<string> {
  const result = await pollUntil(
    async () => {
      const attempt = await glusterXml(node, args);
      return refusedAsBusy(attempt) ? undefined : attempt;
    },
    {
      timeoutMs: busyTimeoutMs,
      intervalMs: 200,
      description: `gluster ${args.join(' ')} not refused as busy`,
    },
  );
  if (!succeeded(result)) {
    throw new Error(
      `gluster ${args.join(' ')} failed (exit ${result.exitCode}, opRet ${result.opRet}): ${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Runs a command inside a node and returns stdout; throws with the output on a non-zero exit. */
export async function execOk(node: StartedTestContainer, command: readonly string[]): Promise<string> {
  const { exitCode, output, stdout } = await node.exec([...command]);
  if (exitCode !== 0) throw new Error(`${command.join(' ')} exited ${exitCode}: ${output}`);
  return stdout;
}
