import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientConfigError } from './client-config-errors.js';
import { clientHostFromAddress, isClientHost, renderConfigJs, writeConfigJsAtomically } from './config-js.js';

/** Runs config.js as a browser would and returns the globals game.js reads. */
function evaluate(source: string): { HOST: unknown; PORT: unknown } {
  const context: Record<string, unknown> = {};
  runInNewContext(source, context);
  return { HOST: context.HOST, PORT: context.PORT };
}

describe('renderConfigJs', () => {
  it.each([
    ['203.0.113.7', 443],
    ['asteroids.example.com', 8080],
    ['[2001:db8::7]', 443],
    ['localhost', 1],
  ])('writes HOST %s and PORT %i as globals a browser reads', (host, port) => {
    expect(evaluate(renderConfigJs({ host, port }))).toEqual({ HOST: host, PORT: port });
  });

  it('writes an empty HOST and PORT 0 for same-origin play through /ws', () => {
    expect(evaluate(renderConfigJs({ host: '', port: 0 }))).toEqual({ HOST: '', PORT: 0 });
  });

  it("keeps the seed's one-line shape that its perl one-liners matched", () => {
    const source = renderConfigJs({ host: '203.0.113.7', port: 443 });
    expect(source).toMatch(/^var HOST = '203\.0\.113\.7';$/m);
    expect(source).toMatch(/^var PORT = 443;$/m);
  });

  it.each([
    "evil'; alert(1); '",
    '203.0.113.7\n',
    '2001:db8::7',
    '[not-ipv6]',
    'a b',
    '-bad.example',
    '999.1.1.1',
    'host/path',
    `${'a'.repeat(64)}.example`,
  ])('rejects PUBLIC_HOST %j with a typed error naming it', (host) => {
    expect(() => renderConfigJs({ host, port: 0 })).toThrow(ClientConfigError);
    try {
      renderConfigJs({ host, port: 0 });
    } catch (error) {
      expect(error).toMatchObject({ code: 'GA_CLIENT_CONFIG_INVALID', setting: 'PUBLIC_HOST' });
      expect((error as Error).message).toContain('PUBLIC_HOST');
      expect((error as Error).message).toContain(JSON.stringify(host));
    }
  });

  it.each([-1, 65536, 1.5, Number.NaN])('rejects PUBLIC_PORT %s with a typed error naming it', (port) => {
    expect(() => renderConfigJs({ host: '', port })).toThrow(
      expect.objectContaining({ setting: 'PUBLIC_PORT' }),
    );
  });
});

describe('clientHostFromAddress', () => {
  it('brackets an IPv6 address and leaves others alone, so discovery output is a valid host', () => {
    expect(clientHostFromAddress('2001:db8::7')).toBe('[2001:db8::7]');
    expect(clientHostFromAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(isClientHost(clientHostFromAddress('2001:db8::7'))).toBe(true);
  });
});

describe('writeConfigJsAtomically', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file and leaves no temporary file behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-js-'));
    const path = join(dir, 'config.js');
    await writeFile(path, 'old');
    await writeConfigJsAtomically(path, renderConfigJs({ host: 'a.example', port: 1 }));
    expect(await readFile(path, 'utf8')).toContain("var HOST = 'a.example';");
    expect(await readdir(dir)).toEqual(['config.js']);
  });

  it('fails without touching anything when the directory does not exist', async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-js-'));
    await expect(writeConfigJsAtomically(join(dir, 'missing', 'config.js'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
