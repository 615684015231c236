import { IMAGES } from '../../e2e/src/images.js';
import type { ColdStartRun } from '../cold-start.js';
import { imageFootprint } from '../footprint.js';
import { type ReportRow, type ReportSection, spreadRow } from '../report-model.js';
import { formatValue } from '../stats.js';

/** What section 6 is made of: memory rows from the stack run, start timings from the cold starts. */
export interface FootprintInputs {
  memoryRows: ReportRow[] | undefined;
  memoryNote: string | undefined;
  coldStarts: ColdStartRun[] | undefined;
}

function startRows(runs: readonly ColdStartRun[]): ReportRow[] {
  return [
    spreadRow(
      'gluster-agent start -> glusterd started',
      runs.flatMap((r) => r.glusterdStartedMs),
      's',
    ),
    spreadRow(
      'client-agent start -> game server started (after mount and install)',
      runs.map((r) => r.gameServerStartedMs),
      's',
    ),
    spreadRow(
      'client-agent start -> nginx started',
      runs.map((r) => r.nginxStartedMs),
      's',
    ),
  ];
}

/** Section 6: agent memory, image sizes with their biggest layers, agent start -> child started. */
export async function footprintSection(inputs: FootprintInputs): Promise<ReportSection> {
  const images = await Promise.all(
    [IMAGES['gluster-server'].tag, IMAGES.asteroids.tag].map((tag) => imageFootprint(tag)),
  );
  const imageRows: ReportRow[] = images.map((image) => ({
    what: `image \`${image.tag}\` (${image.id}, built ${image.created.slice(0, 16).replace('T', ' ')} UTC)`,
    result: formatValue(image.sizeMB, 'MB'),
    goal: 'no larger than needed (reported)',
  }));
  const layerNotes = images.map(
    (image) =>
      `Biggest layers of \`${image.tag}\`: ` +
      image.biggestLayers
        .map((layer) => `${formatValue(layer.sizeMB, 'MB')} \`${layer.createdBy}\``)
        .join('; '),
  );
  const notes = [
    ...(inputs.memoryNote
      ? [inputs.memoryNote]
      : ['Agent memory: not measured in this run (the stack section did not run).']),
    'Image sizes: `docker image inspect` Size (uncompressed, decimal MB, base image included).',
    ...layerNotes,
    inputs.coldStarts
      ? "Start -> child: from the containers of the cold starts (section 1), the container's StartedAt (tini " +
        'execs the agent at once) to the agent\'s own "started glusterd" / "started game-server" / "started nginx" log line. ' +
        'The client-agent starts its programs only once the volume is mounted and the game installed, so its figures include that wait.'
      : "Start -> child: not measured in this run (it reads the cold starts' containers).",
  ];
  return {
    title: 'Footprint',
    rows: [
      ...(inputs.memoryRows ?? []),
      ...imageRows,
      ...(inputs.coldStarts ? startRows(inputs.coldStarts) : []),
    ],
    notes,
  };
}
