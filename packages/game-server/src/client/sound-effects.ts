import type { SoundCue, SoundKind } from './sound-cues.js';

/** Where the player's choice is remembered ('off' = muted). */
const STORAGE_KEY = 'asteroids.sound';
/** Overall loudness: effects sit under whatever else the player listens to. */
const MASTER_GAIN = 0.25;

/**
 * Sound effects synthesised with the Web Audio API: no sound files to bundle, fetch or license.
 * Browsers only let a page start audio after a user gesture, so the audio context is created on
 * the first key press, tap or click (`unlock`). Muting is remembered across visits.
 */
export class SoundEffects {
  private context: AudioContext | undefined;
  private master: GainNode | undefined;
  private noise: AudioBuffer | undefined;
  private mutedNow: boolean;
  /** Sounds asked for so far, muted or not, by kind (read by the browser test via `gameDebug`). */
  readonly cued: Record<SoundKind, number> = { shot: 0, explosion: 0, 'power-up': 0, death: 0 };
  /** Sounds actually started so far, by kind. */
  readonly played: Record<SoundKind, number> = { shot: 0, explosion: 0, 'power-up': 0, death: 0 };

  constructor(private readonly storage: Storage) {
    this.mutedNow = storage.getItem(STORAGE_KEY) === 'off';
  }

  get muted(): boolean {
    return this.mutedNow;
  }

  /** Creates or resumes the audio context; call from a user gesture. */
  unlock(): void {
    if (!this.context && typeof AudioContext === 'function') {
      this.context = new AudioContext();
      this.master = this.context.createGain();
      this.master.gain.value = MASTER_GAIN;
      this.master.connect(this.context.destination);
    }
    if (this.context?.state === 'suspended') void this.context.resume();
  }

  /** Mutes or unmutes and remembers it; returns whether sound is now muted. */
  toggle(): boolean {
    this.mutedNow = !this.mutedNow;
    this.storage.setItem(STORAGE_KEY, this.mutedNow ? 'off' : 'on');
    return this.mutedNow;
  }

  play(cues: readonly SoundCue[]): void {
    for (const cue of cues) this.cued[cue.kind] += 1;
    const context = this.context;
    const master = this.master;
    if (this.mutedNow || !context || !master || context.state !== 'running') return;
    for (const cue of cues) {
      const out = context.createGain();
      out.connect(master);
      const last = SYNTHS[cue.kind](context, out, cue.volume, context.currentTime, () =>
        this.noiseBuffer(context),
      );
      // Done: let the node go (an idle node connected to the output would stay alive).
      last.onended = () => out.disconnect();
      this.played[cue.kind] += 1;
    }
  }

  /** One second of white noise, made once: the raw material of explosions. */
  private noiseBuffer(context: AudioContext): AudioBuffer {
    if (!this.noise) {
      this.noise = context.createBuffer(1, context.sampleRate, context.sampleRate);
      const samples = this.noise.getChannelData(0);
      for (let i = 0; i < samples.length; i++) samples[i] = Math.random() * 2 - 1;
    }
    return this.noise;
  }
}

/** Schedules one sound into `out`; returns the source that ends last. */
type Synth = (
  context: AudioContext,
  out: GainNode,
  volume: number,
  at: number,
  noise: () => AudioBuffer,
) => AudioScheduledSourceNode;

/** A tone gliding from `from` to `to` Hz over `seconds`, fading out. */
function glide(
  context: AudioContext,
  out: GainNode,
  wave: OscillatorType,
  from: number,
  to: number,
  volume: number,
  at: number,
  seconds: number,
): OscillatorNode {
  const osc = context.createOscillator();
  osc.type = wave;
  osc.frequency.setValueAtTime(from, at);
  osc.frequency.exponentialRampToValueAtTime(to, at + seconds);
  // Exponential ramps cannot start from 0.
  out.gain.setValueAtTime(Math.max(0.001, volume), at);
  out.gain.exponentialRampToValueAtTime(0.001, at + seconds);
  osc.connect(out);
  osc.start(at);
  osc.stop(at + seconds);
  return osc;
}

const SYNTHS: Record<SoundKind, Synth> = {
  shot: (context, out, volume, at) => glide(context, out, 'square', 880, 220, 0.3 * volume, at, 0.08),
  death: (context, out, volume, at) => glide(context, out, 'sawtooth', 220, 40, 0.6 * volume, at, 0.7),
  'power-up': (context, out, volume, at) => {
    // A rising major arpeggio: C5, E5, G5.
    const notes = [523, 659, 784].map((hz, i) => {
      const note = context.createGain();
      note.connect(out);
      return glide(context, note, 'sine', hz, hz, 0.5 * volume, at + i * 0.07, 0.12);
    });
    return notes[notes.length - 1] as OscillatorNode;
  },
  explosion: (context, out, volume, at, noise) => {
    const source = context.createBufferSource();
    source.buffer = noise();
    const lowpass = context.createBiquadFilter();
    lowpass.type = 'lowpass';
    lowpass.frequency.setValueAtTime(1200, at);
    lowpass.frequency.exponentialRampToValueAtTime(80, at + 0.6);
    out.gain.setValueAtTime(Math.max(0.001, volume), at);
    out.gain.exponentialRampToValueAtTime(0.001, at + 0.6);
    source.connect(lowpass);
    lowpass.connect(out);
    source.start(at);
    source.stop(at + 0.6);
    return source;
  },
};
