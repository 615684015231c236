/**
 * The page every visitor gets while the volume is unavailable. Served by nginx from local disk;
 * it reloads itself so players are back once the agent has remounted the volume.
 */
export function renderStorageDownPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="10">
<title>Asteroids: back in a moment</title>
<style>body{background:#000;color:#ddd;font:18px/1.5 sans-serif;text-align:center;padding-top:20vh}</style>
</head>
<body>
<h1>Back in a moment</h1>
<p>The game's storage is being reconnected. This page reloads by itself every 10 seconds.</p>
</body>
</html>
`;
}
