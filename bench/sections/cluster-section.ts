import {
  type ClusterFormationRun,
  measureClusterFormation,
} from '../../packages/gluster-agent/bench/measure-cluster-formation.js';
import { atMost, type ReportSection, spreadRow } from '../report-model.js';
import type { SectionContext } from './context.js';

/** Section 2: two server containers started -> replica volume started, both bricks online. */
export async function clusterSection(context: SectionContext): Promise<ReportSection> {
  const runs: ClusterFormationRun[] = [];
  for (let run = 0; run < context.runs; run++) {
    const result = await measureClusterFormation();
    context.log(`cluster formation ${run + 1}: ${result.formationMs.toFixed(0)} ms`);
    runs.push(result);
  }
  return {
    title: 'Cluster formation',
    rows: [
      spreadRow(
        'both server containers started -> both nodes ready (volume Started, bricks online, HA options set)',
        runs.map((r) => r.formationMs),
        's',
        atMost(6_000, '<= 6 s'),
      ),
      spreadRow(
        'container start -> glusterd answers the CLI (per node)',
        runs.flatMap((r) => r.glusterdAnswerMs),
        's',
      ),
    ],
    notes: [
      'The gluster-agent benchmark (`npm run bench:cluster`, `packages/gluster-agent/bench`): gluster01 and ' +
        'gluster02 (`GLUSTER_PEER=gluster01`) started together on a fresh network with fresh volumes, timed ' +
        "from the later container's StartedAt until both agents answer /readyz 200 and the HA volume options " +
        "are applied. The seed's scripts took ~15 s for this.",
    ],
  };
}
