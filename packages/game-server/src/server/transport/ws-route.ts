import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';
import { ConnectionLimit } from './connection-limit.js';
import { Heartbeat } from './heartbeat.js';
import { CLOSE } from './peer.js';
import { Session, type SessionHandler } from './session.js';

export interface WebSocketRouteOptions {
  /** Where validated messages and closes go. */
  readonly game: SessionHandler;
  readonly metrics: GameMetrics;
  readonly logger: Logger;
  /** Empty: any origin. Otherwise the browser's Origin header must be one of these. */
  readonly allowedOrigins: readonly string[];
  /** Open connections at once (GAME_MAX_CONNECTIONS); further ones are refused as full. */
  readonly maxConnections: number;
  readonly now: () => number;
  readonly heartbeatMs: number;
  /** False while starting or stopping: new connections are refused with 503. */
  readonly isOpen: () => boolean;
}

/**
 * Refusals for being full that may be waiting for their close handshake at once; more get a
 * 503 before the upgrade. A browser answers within a round trip, so this allows hundreds of
 * refusals a second while a loop opening connections costs at most this many sockets.
 */
const MAX_REFUSING = 64;
/** A refused client that does not answer the close in this time is cut off. */
const REFUSAL_LINGER_MS = 1000;
/** The close reason a browser's client shows (src/client/connection.ts). */
const FULL_REASON = 'server full';

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The game's only WebSocket endpoint, `/ws` (nginx proxies the same path). Admits connections
 * up to the cap; frames go to a Session which validates them; heartbeats find connections whose
 * client has vanished or stopped reading.
 */
export function registerWebSocketRoute(app: FastifyInstance, o: WebSocketRouteOptions): void {
  const heartbeat = new Heartbeat();
  const limit = new ConnectionLimit(o.maxConnections, MAX_REFUSING);
  const sessions = new Set<Session>();
  o.metrics.measureSendBacklog(() => {
    let bytes = 0;
    for (const s of sessions) bytes += s.bufferedAmount;
    return bytes;
  });
  const timer = setInterval(() => heartbeat.beat(), o.heartbeatMs).unref();
  app.addHook('onClose', async () => clearInterval(timer));

  function refuseFull(socket: WebSocket): void {
    o.metrics.connectionsRefused.inc({ reason: 'full' });
    const bye: ServerMessage = { t: 'bye', reason: 'full' };
    socket.send(JSON.stringify(bye));
    socket.close(CLOSE.tryAgain, FULL_REASON);
    const linger = setTimeout(() => socket.terminate(), REFUSAL_LINGER_MS).unref();
    socket.once('close', () => {
      clearTimeout(linger);
      limit.refusalEnded();
    });
    socket.on('error', () => undefined);
  }

  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!o.isOpen()) {
          o.metrics.connectionsRefused.inc({ reason: 'unavailable' });
          return reply.code(503).send({ error: 'not accepting players' });
        }
        const origin = request.headers.origin;
        if (o.allowedOrigins.length > 0 && (origin === undefined || !o.allowedOrigins.includes(origin))) {
          o.metrics.connectionsRefused.inc({ reason: 'origin' });
          o.logger.info({ origin }, 'websocket refused: origin not allowed');
          return reply.code(403).send({ error: 'origin not allowed' });
        }
        if (limit.refusalIfFull() === 'http') {
          o.metrics.connectionsRefused.inc({ reason: 'full' });
          return reply.code(503).header('retry-after', '5').send({ error: FULL_REASON });
        }
      },
    },
    (socket) => {
      if (!limit.admit()) {
        refuseFull(socket);
        return;
      }
      o.metrics.connections.set(limit.open);
      const session = new Session(
        {
          send: (text) => socket.send(text),
          close: (code, reason) => socket.close(code, reason),
          terminate: () => socket.terminate(),
          get bufferedAmount() {
            return socket.bufferedAmount;
          },
        },
        o.game,
        o.metrics,
        o.now,
      );
      sessions.add(session);
      heartbeat.track(socket);
      socket.on('message', (data: RawData, isBinary: boolean) => {
        try {
          session.receive(toBuffer(data), isBinary);
        } catch (err) {
          // A bug handling one message must cost one connection, never the process.
          o.logger.error({ err, session: session.id }, 'message handling failed, closing connection');
          session.close(1011, 'internal error');
        }
      });
      socket.on('close', () => {
        heartbeat.untrack(socket);
        sessions.delete(session);
        limit.release();
        o.metrics.connections.set(limit.open);
        session.closedByPeer();
      });
      socket.on('error', (err) => o.logger.debug({ err, session: session.id }, 'websocket error'));
    },
  );
}
