import { describe, expect, it } from 'vitest';
import { nginxRunPaths } from './nginx-paths.js';
import { renderStorageDownPage } from './storage-down-page.js';

describe('renderStorageDownPage', () => {
  it('tells the visitor what is happening and reloads itself', () => {
    const page = renderStorageDownPage();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<meta http-equiv="refresh" content="10">');
    expect(page).toContain('storage is being reconnected');
  });
});

describe('nginxRunPaths', () => {
  it('keeps every run file under the run directory', () => {
    const paths = nginxRunPaths('/run/asteroids');
    expect(paths).toEqual({
      conf: '/run/asteroids/nginx.conf',
      pid: '/run/asteroids/nginx.pid',
      configJs: '/run/asteroids/config.js',
      storageDown: '/run/asteroids/storage-down',
      errorPages: '/run/asteroids/html',
      temp: '/run/asteroids/tmp',
    });
  });
});
