/** Input is a bit set so one small integer carries the whole keyboard/touch state. */
export const KEY = Object.freeze({
  thrust: 1,
  left: 2,
  right: 4,
  fire: 8,
});

export const KEY_MASK = KEY.thrust | KEY.left | KEY.right | KEY.fire;
