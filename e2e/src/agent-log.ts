/** One JSON log line of an agent (LOG_FORMAT=json), with the fields the tests read. */
export interface AgentLogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** The JSON lines of a container's output; other lines (glusterd's own, plain text) are skipped. */
export function agentLogLines(output: string): AgentLogLine[] {
  const lines: AgentLogLine[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const line = JSON.parse(text) as Partial<AgentLogLine>;
      if (typeof line.level === 'string' && typeof line.msg === 'string') lines.push(line as AgentLogLine);
    } catch {
      // Not one of the agent's lines.
    }
  }
  return lines;
}

/** Lines at level error or fatal: what an operator reads to learn why the agent stopped. */
export function agentErrors(output: string): AgentLogLine[] {
  return agentLogLines(output).filter((line) => line.level === 'error' || line.level === 'fatal');
}
