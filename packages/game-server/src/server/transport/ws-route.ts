import type { FastifyInstance } from 'fastify';
import type { RawData } from 'ws';
import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';
import { Heartbeat } from './heartbeat.js';
import { Session, type SessionHandler } from './session.js';

export interface WebSocketRouteOptions {
  /** Where validated messages and closes go. */
  readonly game: SessionHandler;
  readonly metrics: GameMetrics;
  readonly logger: Logger;
  /** Empty: any origin. Otherwise the browser's Origin header must be one of these. */
  readonly allowedOrigins: readonly string[];
  readonly now: () => number;
  readonly heartbeatMs: number;
  /** False while starting or stopping: new connections are refused with 503. */
  readonly isOpen: () => boolean;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The game's only WebSocket endpoint, `/ws` (nginx proxies the same path). Frames go to a
 * Session which validates them; heartbeats find connections whose client has vanished.
 */
export function registerWebSocketRoute(app: FastifyInstance, o: WebSocketRouteOptions): void {
  const heartbeat = new Heartbeat();
  const timer = setInterval(() => heartbeat.beat(), o.heartbeatMs).unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!o.isOpen()) return reply.code(503).send({ error: 'not accepting players' });
        const origin = request.headers.origin;
        if (o.allowedOrigins.length > 0 && (origin === undefined || !o.allowedOrigins.includes(origin))) {
          o.logger.info({ origin }, 'websocket refused: origin not allowed');
          return reply.code(403).send({ error: 'origin not allowed' });
        }
      },
    },
    (socket) => {
      const session = new Session(
        {
          send: (text) => socket.send(text),
          close: (code, reason) => socket.close(code, reason),
          get bufferedAmount() {
            return socket.bufferedAmount;
          },
        },
        o.game,
        o.metrics,
        o.now,
      );
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
        session.closedByPeer();
      });
      socket.on('error', (err) => o.logger.debug({ err, session: session.id }, 'websocket error'));
    },
  );
}
