import type { StartedTestContainer } from 'testcontainers';

/** What a gluster CLI call inside a node produced. */
export interface GlusterCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gluster --mode=script --xml <args>` inside a node (argument array, no shell). A non-zero
 * exit is returned, not thrown: callers decide whether it is a failure or a state to wait out.
 */
export async function glusterXml(
  node: StartedTestContainer,
  args: readonly string[],
): Promise<GlusterCliResult> {
  const { exitCode, stdout, stderr } = await node.exec(['gluster', '--mode=script', '--xml', ...args]);
  return { exitCode, stdout, stderr };
}

/** Like `glusterXml`, but throws with the output when the command fails. */
export async function glusterXmlOk(node: StartedTestContainer, args: readonly string[]): Promise<string> {
  const result = await glusterXml(node, args);
  if (result.exitCode !== 0) {
    throw new Error(`gluster ${args.join(' ')} exited ${result.exitCode}: ${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Runs a command inside a node and returns stdout; throws with the output on a non-zero exit. */
export async function execOk(node: StartedTestContainer, command: readonly string[]): Promise<string> {
  const { exitCode, output, stdout } = await node.exec([...command]);
  if (exitCode !== 0) throw new Error(`${command.join(' ')} exited ${exitCode}: ${output}`);
  return stdout;
}
