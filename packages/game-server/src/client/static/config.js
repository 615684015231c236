// Where the game server listens. An empty host and port 0 mean "the page's own origin, path
// /ws" (nginx proxies /ws to the game server). The deployment rewrites the two settings below
// with the seed's perl one-liners, so keep each on one line in exactly this shape, and do not
// write the setting names followed by " = " anywhere else in this file.
// biome-ignore lint/correctness/noUnusedVariables: a global read by game.js
var HOST = '';
// biome-ignore lint/correctness/noUnusedVariables: a global read by game.js
var PORT = 0;
