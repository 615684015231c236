import { KEY } from '../shared/protocol/keys.js';

const KEYMAP: Readonly<Record<string, number>> = {
  ArrowUp: KEY.thrust,
  KeyW: KEY.thrust,
  ArrowLeft: KEY.left,
  KeyA: KEY.left,
  ArrowRight: KEY.right,
  KeyD: KEY.right,
  Space: KEY.fire,
};

/**
 * Keyboard (arrows/WASD, space) and on-screen touch buttons, merged into one key bit set.
 * `onChange` fires only when the set changes, which is all the server needs.
 */
export class InputState {
  private keyboard = 0;
  private touch = 0;
  private last = -1;

  constructor(private readonly onChange: (keys: number) => void) {}

  get keys(): number {
    return this.keyboard | this.touch;
  }

  attach(target: Window, touchRoot: HTMLElement): void {
    target.addEventListener('keydown', (e) => this.key(e, true));
    target.addEventListener('keyup', (e) => this.key(e, false));
    target.addEventListener('blur', () => {
      this.keyboard = 0;
      this.emit();
    });
    for (const button of touchRoot.querySelectorAll<HTMLElement>('[data-key]')) {
      const bit = KEY[button.dataset.key as keyof typeof KEY] ?? 0;
      const down = (e: Event) => {
        e.preventDefault();
        this.touch |= bit;
        this.emit();
      };
      const up = (e: Event) => {
        e.preventDefault();
        this.touch &= ~bit;
        this.emit();
      };
      button.addEventListener('pointerdown', down);
      button.addEventListener('pointerup', up);
      button.addEventListener('pointercancel', up);
      button.addEventListener('pointerleave', up);
    }
  }

  private key(e: KeyboardEvent, down: boolean): void {
    const bit = KEYMAP[e.code];
    if (bit === undefined) return;
    // Typing a name must not fly the ship.
    if (e.target instanceof HTMLInputElement) return;
    e.preventDefault();
    this.keyboard = down ? this.keyboard | bit : this.keyboard & ~bit;
    this.emit();
  }

  private emit(): void {
    const k = this.keys;
    if (k === this.last) return;
    this.last = k;
    this.onChange(k);
  }
}
