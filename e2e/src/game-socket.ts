import WebSocket from 'ws';

/** A message from the game server, as far as the tests read it. */
export interface ServerMessage {
  t: string;
  [field: string]: unknown;
}

/**
 * Opens a WebSocket to `url`, sends a join as the browser client does, and resolves with the first
 * server message of type `expected` (the welcome); rejects on close, error or after `timeoutMs`.
 * The socket is always closed before returning.
 */
export async function joinGame(
  url: string,
  name: string,
  expected = 'welcome',
  timeoutMs = 15_000,
): Promise<ServerMessage> {
  const socket = new WebSocket(url);
  try {
    return await new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${expected}' from ${url} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      socket.on('open', () => socket.send(JSON.stringify({ t: 'join', name, hue: 120 })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.t !== expected) return;
        clearTimeout(timer);
        resolve(message);
      });
      socket.on('error', fail);
      socket.on('close', (code, reason) => fail(new Error(`${url} closed (${code} ${String(reason)})`)));
    });
  } finally {
    socket.terminate();
  }
}
