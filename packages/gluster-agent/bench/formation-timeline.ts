import { type AgentLogLine, agentLogLines } from '../../../e2e/src/agent-log.js';

/**
 * The steps of one node's formation, in the order they happen, each found in the agent's JSON
 * log by its structured fields (not by wording where a field says it), so the breakdown reads
 * the same for every version of the agent that logs these steps.
 */
export const MILESTONES = [
  'agent',
  'glusterd',
  'cli',
  'probed',
  'create',
  'options',
  'started',
  'configured',
] as const;

/** One step of the breakdown: see MILESTONES. */
export type Milestone = (typeof MILESTONES)[number];

/** When each step happened on one node, in epoch ms; a step the node did not take is absent. */
export type NodeTimeline = Partial<Record<Milestone, number>>;

/** Which lines mark which step; 'options' keeps the last match (every option set), the rest the first. */
const MATCHERS: Record<Milestone, (line: AgentLogLine) => boolean> = {
  agent: () => true,
  glusterd: (line) => line.msg === 'started glusterd',
  cli: (line) => line.msg === 'glusterd answers the CLI',
  probed: (line) => typeof line.peer === 'string' && typeof line.outcome === 'string',
  create: (line) => Array.isArray(line.bricks) && typeof line.replica === 'number',
  options: (line) => typeof line.option === 'string' || typeof line.options === 'object',
  started: (line) => typeof line.force === 'boolean' && typeof line.outcome === 'string',
  configured: (line) => /is started and configured$/.test(line.msg),
};

/** The timeline of one node from its container output (`docker logs`, LOG_FORMAT=json). */
export function nodeTimeline(output: string): NodeTimeline {
  const timeline: NodeTimeline = {};
  for (const line of agentLogLines(output)) {
    if (typeof line.time !== 'string') continue;
    const at = Date.parse(line.time);
    for (const milestone of MILESTONES) {
      if (!MATCHERS[milestone](line)) continue;
      if (milestone === 'options' || timeline[milestone] === undefined) timeline[milestone] = at;
    }
  }
  return timeline;
}

/** Every volume option the agent logged as set (key -> value), from its container output. */
export function optionsLoggedAsSet(output: string): Record<string, string> {
  const set: Record<string, string> = {};
  for (const line of agentLogLines(output)) {
    if (typeof line.option === 'string' && typeof line.value === 'string') set[line.option] = line.value;
    if (typeof line.options === 'object' && line.options !== null) Object.assign(set, line.options);
  }
  return set;
}

/** "agent 0.41 glusterd 0.55 ..." in seconds from `zero`; steps the node did not take are left out. */
export function formatTimeline(timeline: Readonly<Record<string, number | undefined>>, zero: number): string {
  return Object.entries(timeline)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .map(([step, at]) => `${step} ${((at - zero) / 1000).toFixed(2)}`)
    .join('  ');
}
