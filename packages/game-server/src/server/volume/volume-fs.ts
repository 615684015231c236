import * as fsPromises from 'node:fs/promises';

/**
 * The file system calls made on the shared volume, as node:fs/promises has them. Injected, so
 * tests can make one of them fail or never answer at exactly the boundary a broken mount would.
 */
export type VolumeFs = Pick<
  typeof fsPromises,
  'mkdir' | 'open' | 'readFile' | 'readdir' | 'rename' | 'rmdir' | 'stat' | 'unlink' | 'utimes'
>;

/** The real file system. */
export const nodeVolumeFs: VolumeFs = fsPromises;
