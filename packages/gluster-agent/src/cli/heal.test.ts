import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { healTotals, parseHealSummary } from './heal.js';

describe('parseHealSummary', () => {
  it('reads a healthy replica 3 volume as three connected bricks with nothing pending', () => {
    const summary = parseHealSummary(envelopeOf('heal-info-summary-healthy'));
    expect(summary.bricks).toHaveLength(3);
    expect(summary.bricks[0]).toEqual({
      name: 'gxml-1:/gluster_volume/brick',
      connected: true,
      status: 'Connected',
      pending: 0,
      splitBrain: 0,
      healing: 0,
      total: 0,
    });
    expect(healTotals(summary)).toEqual({ pending: 0, splitBrain: 0, healing: 0, disconnected: 0 });
  });

  it('reads pending entries on the live bricks and the down brick as disconnected with no counts', () => {
    const summary = parseHealSummary(envelopeOf('heal-info-summary-pending'));
    expect(summary.bricks.map((brick) => [brick.name, brick.connected, brick.pending])).toEqual([
      ['gxml-1:/gluster_volume/brick', true, 23],
      ['gxml-2:/gluster_volume/brick', true, 23],
      ['gxml-3:/gluster_volume/brick', false, 0],
    ]);
    expect(summary.bricks[2]?.status).toMatch(/^Failed to process entries completely/);
    expect(healTotals(summary)).toEqual({ pending: 46, splitBrain: 0, healing: 0, disconnected: 1 });
  });

  it('reads pending entries that remain right after the down node came back', () => {
    expect(healTotals(parseHealSummary(envelopeOf('heal-info-summary-after-restart')))).toMatchObject({
      pending: 46,
      disconnected: 0,
    });
  });

  it('returns no bricks for the empty <bricks/> of a failed heal info', () => {
    expect(parseHealSummary(envelopeOf('heal-info-summary-not-started'))).toEqual({ bricks: [] });
  });
});
