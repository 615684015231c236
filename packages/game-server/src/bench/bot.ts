import WebSocket from 'ws';
import { KEY } from '../shared/protocol/keys.js';

/** A headless player: joins, then changes its keys every half second or so, mostly shooting. */
export class Bot {
  bytes = 0;
  messages = 0;
  joined = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly ws: WebSocket;

  constructor(
    url: string,
    name: string,
    private readonly rand: () => number,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on('open', () => {
      this.ws.send(JSON.stringify({ t: 'join', name, hue: Math.floor(rand() * 360) }));
      this.scheduleInput();
    });
    this.ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.messages += 1;
      if (!this.joined && data.includes('"welcome"')) this.joined = true;
    });
    this.ws.on('error', () => undefined);
  }

  private scheduleInput(): void {
    this.timer = setTimeout(
      () => {
        let k = 0;
        if (this.rand() < 0.7) k |= KEY.fire;
        if (this.rand() < 0.5) k |= KEY.thrust;
        const turn = this.rand();
        if (turn < 0.3) k |= KEY.left;
        else if (turn < 0.6) k |= KEY.right;
        if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ t: 'input', k }));
        this.scheduleInput();
      },
      300 + this.rand() * 400,
    );
  }

  close(): void {
    clearTimeout(this.timer);
    this.ws.terminate();
  }
}
