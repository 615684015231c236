import { execa } from 'execa';

// Runs in the asteroids container with the node that runs its agent: creates `count` files of
// 4 KiB in a fresh directory on the mount, each written and fsynced (the leaderboard's pattern:
// a small file made durable at once), and prints the elapsed milliseconds.
const WRITE_FILES = `
const fs = require('node:fs');
const [dir, count] = [process.argv[1], Number(process.argv[2])];
fs.mkdirSync(dir, { recursive: true });
const block = Buffer.alloc(4096, 120);
const started = performance.now();
for (let i = 0; i < count; i++) {
  const fd = fs.openSync(dir + '/f' + i, 'w');
  fs.writeSync(fd, block);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}
process.stdout.write(String(performance.now() - started));
`;

/**
 * Files per second of `count` 4 KiB create + write + fsync + close through the asteroids
 * container's mount, into a directory of its own that is removed afterwards.
 */
export async function smallFileWritesPerS(
  asteroidsId: string,
  mountPoint: string,
  count: number,
  run: number,
): Promise<number> {
  const dir = `${mountPoint}/ga-bench-small-writes-${run}`;
  try {
    const { stdout } = await execa(
      'docker',
      ['exec', asteroidsId, 'node', '-e', WRITE_FILES, dir, String(count)],
      { timeout: 300_000 },
    );
    return count / (Number(stdout) / 1000);
  } finally {
    await execa('docker', ['exec', asteroidsId, 'rm', '-rf', dir], { timeout: 120_000, reject: false });
  }
}
