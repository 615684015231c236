import { rmdirSync, type Stats } from 'node:fs';
import type { IoLane } from './io-lane.js';
import type { VolumeFs } from './volume-fs.js';

type Callback<T = void> = (err: NodeJS.ErrnoException | null, value?: T) => void;

/**
 * The callback-style `fs` proper-lockfile calls for its `<file>.lock` directory: mkdir to take
 * it, stat and utimes every few seconds to keep it fresh, rmdir to release it. Each goes
 * through the lane like every other call on the volume, so a hung mount cannot catch the
 * lock's refresh timer in a libuv thread either.
 */
export interface LockfileFs {
  mkdir(path: string, cb: Callback): void;
  stat(path: string, cb: Callback<Stats>): void;
  utimes(path: string, atime: Date, mtime: Date, cb: Callback): void;
  rmdir(path: string, cb: Callback): void;
  realpath(path: string, cb: Callback<string>): void;
  /** proper-lockfile removes held locks this way when the process exits. */
  rmdirSync(path: string): void;
}

function settle<T>(promise: Promise<T>, cb: Callback<T>): void {
  promise.then(
    (value) => cb(null, value),
    (err: NodeJS.ErrnoException) => cb(err),
  );
}

/** Builds proper-lockfile's `fs` on top of the lane; one per storage (it caches on the object). */
export function lockfileFs(lane: IoLane, fs: VolumeFs): LockfileFs {
  return {
    mkdir: (path, cb) =>
      settle(
        lane.run(`mkdir ${path}`, () => fs.mkdir(path).then(() => undefined)),
        cb,
      ),
    stat: (path, cb) =>
      settle(
        lane.run(`stat ${path}`, () => fs.stat(path)),
        cb,
      ),
    utimes: (path, atime, mtime, cb) =>
      settle(
        lane.run(`utimes ${path}`, () => fs.utimes(path, atime, mtime)),
        cb,
      ),
    rmdir: (path, cb) =>
      settle(
        lane.run(`rmdir ${path}`, () => fs.rmdir(path)),
        cb,
      ),
    // FileStorage locks with realpath: false; this is only here because the option needs it.
    realpath: (path, cb) => cb(null, path),
    rmdirSync: (path) => {
      // At exit a synchronous call on a hung mount would block the exit itself; a lock left
      // behind is taken over once it is stale, so skipping it while a call is out is the lesser harm.
      if (lane.state.stuck > 0 || lane.state.inFlight > 0) return;
      rmdirSync(path);
    },
  };
}
