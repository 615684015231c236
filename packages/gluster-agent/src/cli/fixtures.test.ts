import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureMeta } from '../../test/gluster-fixtures.js';

const files = readdirSync(new URL('../../test/fixtures/gluster-xml/', import.meta.url));
const names = files.filter((file) => file.endsWith('.xml')).map((file) => file.slice(0, -'.xml'.length));

describe('captured gluster fixtures', () => {
  it('exist', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(names)('%s records how it was captured, in script and XML mode', (name) => {
    expect(files).toContain(`${name}.meta.json`);
    const meta = fixtureMeta(name);
    expect(meta.args.slice(0, 2)).toEqual(['--mode=script', '--xml']);
    expect(Number.isInteger(meta.exitCode)).toBe(true);
  });
});
