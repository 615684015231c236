import { type ServerMessage, SHIP_FLAG } from '../shared/protocol/server-messages.js';
import { WorldModel } from '../shared/protocol/world-model.js';
import { Connection } from './connection.js';
import { webSocketUrl } from './endpoint.js';
import type { GameDebug } from './game-debug.js';
import { Hud } from './hud.js';
import { InputState } from './input.js';
import { leaderboardNotice } from './leaderboard-notice.js';
import { Renderer } from './renderer.js';
import { soundCues } from './sound-cues.js';
import { SoundEffects } from './sound-effects.js';

declare global {
  // Set by config.js, which the deployment rewrites (see the README of the bundle).
  var HOST: string | undefined;
  var PORT: number | undefined;
  /** Read by the browser tests: what the last frame showed. */
  var gameDebug: GameDebug | undefined;
}

/** What the status line says for each bye, until the connection's close says the same. */
const BYE_DETAIL = {
  shutdown: 'server restarting',
  idle: 'idle',
  abuse: 'abuse',
  full: 'server full',
} as const satisfies Record<Extract<ServerMessage, { t: 'bye' }>['reason'], string>;

/** Snapshot intervals the view lags behind the newest one, so there are two states to blend. */
const INTERP_DELAY_SNAPSHOTS = 2;

const hud = new Hud();
const model = new WorldModel();
const renderer = new Renderer(document.getElementById('game') as HTMLCanvasElement);
const sounds = new SoundEffects(localStorage);
const names = new Map<number, { name: string; hue: number }>();
let me: number | undefined;
let hz = 20;
let every = 1;
let lastSnapAt = 0;
let welcomes = 0;
let joinedAs: { name: string; hue: number } | undefined;
const cam = { x: 0, y: 0 };

const conn = new Connection(webSocketUrl(globalThis.HOST ?? '', Number(globalThis.PORT ?? 0), location), {
  onState: (state, detail) => hud.setStatus(state, detail),
  onOpen: () => {
    me = undefined;
    // Back after a server restart: rejoin under the same name without asking again.
    if (joinedAs) conn.send({ t: 'join', ...joinedAs });
  },
  onMessage: (m) => handle(m),
});

function handle(m: ServerMessage): void {
  switch (m.t) {
    case 's': {
      const before = me === undefined ? undefined : model.latestShip(me);
      model.apply(m);
      lastSnapAt = performance.now();
      const after = me === undefined ? undefined : model.latestShip(me);
      sounds.play(soundCues({ snapshot: m, before, after, side: model.side }));
      if (m.sb) handle(m.sb);
      break;
    }
    case 'welcome':
      me = m.id;
      welcomes += 1;
      hz = m.hz;
      every = m.every;
      hud.showJoin(false);
      break;
    case 'sb':
      for (const r of m.rows) names.set(r[0], { name: r[1], hue: r[2] });
      hud.scoreboard(m, me);
      break;
    case 'lb':
      hud.showLeaderboard(m.top, leaderboardNotice(m));
      break;
    case 'bye':
      hud.setStatus('reconnecting', BYE_DETAIL[m.reason]);
      if (m.reason === 'idle') joinedAs = undefined;
      if (m.reason === 'idle') hud.showJoin(true);
      break;
    case 'error':
    case 'pong':
      break;
  }
}

const input = new InputState((k) => conn.send({ t: 'input', k }));
input.attach(window, document.getElementById('touch') as HTMLElement);
// Held keys are re-sent now and then: holding fire is playing, not idling.
setInterval(() => {
  if (input.keys !== 0) conn.send({ t: 'input', k: input.keys });
}, 5000);

hud.nameInput.value = localStorage.getItem('asteroids.name') ?? '';
hud.hueInput.value = localStorage.getItem('asteroids.hue') ?? String(Math.floor(Math.random() * 360));
hud.joinForm.addEventListener('submit', (e) => {
  e.preventDefault();
  joinedAs = { name: hud.nameInput.value.slice(0, 64), hue: Number(hud.hueInput.value) % 360 };
  localStorage.setItem('asteroids.name', joinedAs.name);
  localStorage.setItem('asteroids.hue', String(joinedAs.hue));
  conn.send({ t: 'join', ...joinedAs });
  hud.nameInput.blur();
});
// Browsers start audio only from a user gesture: the first key, tap or click unlocks it.
for (const gesture of ['keydown', 'pointerdown'] as const)
  window.addEventListener(gesture, () => sounds.unlock());
hud.showMuted(sounds.muted);
window.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement) return;
  if (e.code === 'KeyL' && hud.toggleLeaderboard()) conn.send({ t: 'lb' });
  if (e.code === 'KeyM') hud.showMuted(sounds.toggle());
});
document.getElementById('sound')?.addEventListener('click', () => hud.showMuted(sounds.toggle()));
document.getElementById('show-leaderboard')?.addEventListener('click', () => {
  if (hud.toggleLeaderboard()) conn.send({ t: 'lb' });
});

function frame(): void {
  const tickMs = 1000 / hz;
  const since = Math.min(tickMs * every * 1.5, performance.now() - lastSnapAt);
  const tick = model.latestTick + since / tickMs - INTERP_DELAY_SNAPSHOTS * every;
  const mine = model.shipsAt(tick).find((s) => s.id === me);
  if (mine) {
    cam.x = mine.x;
    cam.y = mine.y;
  }
  renderer.draw(model, tick, me, names, cam);
  if (mine && mine.flags & SHIP_FLAG.dead) renderer.banner('Respawning…');
  globalThis.gameDebug = {
    ...renderer.lastDrawn,
    me,
    welcomes,
    x: cam.x,
    y: cam.y,
    tick: model.latestTick,
    cued: { ...sounds.cued },
    sounds: { ...sounds.played },
    muted: sounds.muted,
  };
  requestAnimationFrame(frame);
}

conn.connect();
setInterval(() => conn.send({ t: 'ping', c: Date.now() }), 5000);
requestAnimationFrame(frame);
