import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * The DNS socket as a dependency: a UDP socket connected to one server, so the kernel drops
 * datagrams from anyone else. Unit tests pass a fake; production uses {@link openUdpDnsSocket}.
 */
export interface DnsSocket {
  send(packet: Buffer): Promise<void>;
  /** Registers the one receiver of every datagram from the server. */
  onMessage(listener: (packet: Buffer) => void): void;
  close(): void;
}

/** Opens a {@link DnsSocket}; inject another to test without a network. */
export type DnsSocketFactory = (server: { address: string; port: number }) => Promise<DnsSocket>;

/** A real UDP socket (udp4 or udp6 by the server address) connected to the server. */
export const openUdpDnsSocket: DnsSocketFactory = ({ address, port }) =>
  new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const onError = (error: Error): void => {
      socket.close();
      reject(error);
    };
    socket.once('error', onError);
    socket.connect(port, address, () => {
      socket.off('error', onError);
      // Late ICMP errors (port unreachable) surface here; the query's timeout handles them.
      socket.on('error', () => {});
      resolve({
        send: (packet) =>
          new Promise<void>((done, fail) => socket.send(packet, (error) => (error ? fail(error) : done()))),
        onMessage: (listener) => socket.on('message', (packet) => listener(packet)),
        close: () => socket.close(),
      });
    });
  });
