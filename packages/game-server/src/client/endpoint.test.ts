import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './endpoint.js';

const page = (href: string) => {
  const u = new URL(href);
  return { protocol: u.protocol, host: u.host, hostname: u.hostname } as Location;
};

describe('webSocketUrl', () => {
  it('uses the page origin and the proxied /ws path when config.js sets nothing', () => {
    expect(webSocketUrl('', 0, page('http://game.example/'))).toBe('ws://game.example/ws');
    expect(webSocketUrl('', 0, page('https://game.example:8443/x'))).toBe('wss://game.example:8443/ws');
  });

  it('uses HOST and PORT as the deployment rewrote them', () => {
    expect(webSocketUrl('10.0.0.5', 443, page('http://10.0.0.5/'))).toBe('ws://10.0.0.5:443/ws');
  });

  it('fills in whichever of HOST and PORT is missing from the page', () => {
    expect(webSocketUrl('', 8443, page('http://game.example/'))).toBe('ws://game.example:8443/ws');
    expect(webSocketUrl('other.example', 0, page('http://game.example/'))).toBe('ws://other.example/ws');
  });

  it('brackets an IPv6 host', () => {
    expect(webSocketUrl('::1', 8443, page('http://[::1]/'))).toBe('ws://[::1]:8443/ws');
  });
});
