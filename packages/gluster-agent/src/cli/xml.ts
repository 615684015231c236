import { XMLParser } from 'fast-xml-parser';
import { describeCommand, GlusterCliError } from './errors.js';
import type { CommandResult } from './runner.js';

/** One parsed XML element: child elements by tag name, attributes as `@_name`, mixed text as `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

/** The fields every `gluster --xml` answer carries, plus the whole `<cliOutput>` element. */
export interface CliEnvelope {
  opRet: number;
  opErrno: number;
  opErrstr: string;
  /** `<output>` text, present for probe/set/status answers. */
  output: string | undefined;
  root: XmlNode;
  /** The gluster arguments that produced this answer, for error messages. */
  args: readonly string[];
  /** The CLI's exit code: informative only, gluster 11 exits 0 for most failed operations. */
  exitCode: number;
}

// Values stay strings (parseTagValue: false): uuids, ports like 'N/A' and opErrstr must not be
// coerced; each parser converts the fields it knows.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

// The only plain-text answer seen from `gluster --xml` when glusterd is down (gluster 11.1, exit 1).
const UNREACHABLE = /Connection failed|Please check if gluster daemon is operational|Cannot connect/i;

/**
 * Parses the `<cliOutput>` envelope of a finished `gluster --mode=script --xml` call. Throws
 * GA_GLUSTERD_UNREACHABLE for the plain-text "Connection failed" answer and GA_GLUSTER_BAD_OUTPUT
 * for anything else that is not the envelope. Does not look at opRet: callers decide.
 */
export function parseEnvelope(result: CommandResult, args: readonly string[]): CliEnvelope {
  const text = result.stdout.trim();
  const command = describeCommand(args);
  if (!text.startsWith('<')) {
    const said = text || result.stderr.trim();
    if (UNREACHABLE.test(said) || UNREACHABLE.test(result.stderr)) {
      throw new GlusterCliError(
        'GA_GLUSTERD_UNREACHABLE',
        `${command} could not reach glusterd: "${said}". glusterd is not running or not ready yet; ` +
          'wait until it answers `gluster pool list` and retry.',
        { args, exitCode: result.exitCode, output: result.stdout },
      );
    }
    throw badOutput(command, args, result, `expected XML, got "${truncate(said)}"`);
  }
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (cause) {
    throw badOutput(command, args, result, 'the XML does not parse', cause);
  }
  const root = isNode(document) ? document.cliOutput : undefined;
  if (!isNode(root) || !('opRet' in root)) {
    throw badOutput(command, args, result, 'no <cliOutput><opRet> element');
  }
  const opRet = Number(textOf(root.opRet));
  if (!Number.isInteger(opRet)) throw badOutput(command, args, result, '<opRet> is not an integer');
  const output = root.output === undefined ? undefined : textOf(root.output);
  const opErrno = Number(textOf(root.opErrno) || 0);
  return { opRet, opErrno, opErrstr: textOf(root.opErrstr), output, root, args, exitCode: result.exitCode };
}

/** Like `parseEnvelope`, then throws GA_GLUSTER_OP_FAILED when glusterd reports a failure. */
export function expectSuccess(result: CommandResult, args: readonly string[]): CliEnvelope {
  const envelope = parseEnvelope(result, args);
  if (envelope.opRet !== 0) throw opFailed(envelope, args);
  return envelope;
}

/** The error for an envelope with opRet != 0. */
export function opFailed(envelope: CliEnvelope, args: readonly string[] = envelope.args): GlusterCliError {
  // An empty opErrstr happened while glusterd was stuck probing a hung peer (opRet -22).
  const why =
    envelope.opErrstr ||
    envelope.output ||
    'glusterd gave no reason (it may be busy with a hung peer; retry later)';
  return new GlusterCliError(
    'GA_GLUSTER_OP_FAILED',
    `${describeCommand(args)} failed: ${why} (opRet ${envelope.opRet}, opErrno ${envelope.opErrno}). ` +
      'Fix the cause named by glusterd, or read `reason` to handle the known cases.',
    {
      args,
      opRet: envelope.opRet,
      opErrno: envelope.opErrno,
      opErrstr: envelope.opErrstr,
      exitCode: envelope.exitCode,
    },
  );
}

/** GA_GLUSTER_BAD_OUTPUT for a well-formed envelope whose content a parser cannot use. */
export function unexpectedContent(envelope: CliEnvelope, what: string): GlusterCliError {
  return new GlusterCliError(
    'GA_GLUSTER_BAD_OUTPUT',
    `${describeCommand(envelope.args)} answered with XML the agent cannot read: ${what}. ` +
      'Check that glusterfs-server 11 is installed; newer versions may have changed the format.',
    { args: envelope.args, opRet: envelope.opRet, opErrno: envelope.opErrno, opErrstr: envelope.opErrstr },
  );
}

function badOutput(
  command: string,
  args: readonly string[],
  result: CommandResult,
  what: string,
  cause?: unknown,
): GlusterCliError {
  return new GlusterCliError(
    'GA_GLUSTER_BAD_OUTPUT',
    `${command} printed output the agent cannot read (${what}, exit code ${result.exitCode}, ` +
      `stderr "${truncate(result.stderr.trim())}"). Check that glusterfs-server 11 is installed.`,
    { args, exitCode: result.exitCode, output: result.stdout, cause },
  );
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** True for a parsed element with children (an empty element like `<peerStatus/>` parses as ''). */
export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a leaf (or the `#text` of a mixed element); '' for absent or empty elements. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  return '';
}

/** Child element `name` of `node`, or undefined when absent or empty. */
export function childOf(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  return isNode(value) ? value : undefined;
}

/** Repeated child elements `name` (fast-xml-parser yields one object for a single occurrence). */
export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter(isNode);
}

/** Repeated leaf elements `name` as strings. */
export function textsOf(node: XmlNode | undefined, name: string): string[] {
  const value = node?.[name];
  const values: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(textOf).filter((text) => text !== '');
}

/** Integer leaf `name`; `fallback` when absent or not a number (e.g. 'N/A'). */
export function intOf(node: XmlNode | undefined, name: string, fallback: number): number {
  const text = textOf(node?.[name]);
  const value = Number.parseInt(text, 10);
  return /^-?\d+$/.test(text) && Number.isSafeInteger(value) ? value : fallback;
}
