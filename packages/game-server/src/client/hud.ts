import type { LeaderboardEntry, ScoreboardMessage } from '../shared/protocol/server-messages.js';

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
}

/** Builds a table row from plain strings; textContent only, so names can never inject HTML. */
function row(cells: ReadonlyArray<string | number>, color?: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = String(c);
    if (color) td.style.color = color;
    tr.append(td);
  }
  return tr;
}

/** The HTML parts around the canvas: status line, scoreboards, name form, round pause. */
export class Hud {
  readonly status = el<HTMLElement>('status');
  readonly joinForm = el<HTMLFormElement>('join');
  readonly nameInput = el<HTMLInputElement>('name');
  readonly hueInput = el<HTMLInputElement>('hue');
  private readonly scores = el<HTMLTableSectionElement>('scores');
  private readonly round = el<HTMLElement>('round');
  private readonly pause = el<HTMLElement>('pause');
  private readonly pauseScores = el<HTMLTableSectionElement>('pause-scores');
  private readonly leaderboard = el<HTMLElement>('leaderboard');
  private readonly leaderboardRows = el<HTMLTableSectionElement>('leaderboard-rows');
  private readonly leaderboardNotice = el<HTMLElement>('leaderboard-notice');
  private readonly sound = el<HTMLButtonElement>('sound');

  setStatus(state: string, detail: string): void {
    this.status.textContent = state === 'open' ? 'connected' : `${state}… ${detail}`;
    this.status.dataset.state = state;
  }

  /** The sound button shows the current state; pressing it (or M) toggles. */
  showMuted(muted: boolean): void {
    this.sound.textContent = muted ? 'Sound off' : 'Sound on';
    this.sound.setAttribute('aria-pressed', String(!muted));
  }

  showJoin(show: boolean): void {
    this.joinForm.hidden = !show;
  }

  scoreboard(msg: ScoreboardMessage, me: number | undefined): void {
    const top = msg.rows.slice(0, 10);
    const mine = msg.rows.find((r) => r[0] === me);
    if (mine && !top.includes(mine)) top.push(mine);
    this.scores.replaceChildren(
      ...top.map((r) => row([r[0] === me ? `▶ ${r[1]}` : r[1], r[3], r[4], r[5]], `hsl(${r[2]} 80% 70%)`)),
    );
    const mm = Math.floor(msg.left / 60);
    const ss = String(msg.left % 60).padStart(2, '0');
    this.round.textContent =
      msg.phase === 'playing' ? `Round ${msg.round} · ${mm}:${ss}` : `Next round in ${msg.left}s`;
    this.pause.hidden = msg.phase !== 'intermission';
    if (msg.phase === 'intermission') {
      this.pauseScores.replaceChildren(
        ...msg.rows.map((r, i) => row([i + 1, r[1], r[3], r[4], r[5]], `hsl(${r[2]} 80% 70%)`)),
      );
    }
  }

  /** The all-time board; `notice` (plain text) while the server cannot save scores. */
  showLeaderboard(entries: readonly LeaderboardEntry[], notice?: string): void {
    this.leaderboardNotice.textContent = notice ?? '';
    this.leaderboardNotice.hidden = notice === undefined;
    this.leaderboardRows.replaceChildren(
      ...entries.map((e, i) => row([i + 1, e.name, e.score, e.kills, new Date(e.at).toLocaleDateString()])),
    );
    this.leaderboard.hidden = false;
  }

  toggleLeaderboard(): boolean {
    this.leaderboard.hidden = !this.leaderboard.hidden;
    return !this.leaderboard.hidden;
  }
}
