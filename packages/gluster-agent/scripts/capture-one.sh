#!/usr/bin/env bash
# Capture one real gluster CLI answer as a fixture.
# usage: capture-one.sh NAME CONTAINER gluster-args...
# Writes NAME.xml (stdout, byte for byte) and NAME.meta.json (args, exit code, stderr, timing).
set -u
out_dir="${FIXTURE_DIR:-$(dirname "$0")/../test/fixtures/gluster-xml}"
name="$1"; container="$2"; shift 2
start=$(date +%s%N)
docker exec "$container" gluster --mode=script --xml "$@" >"$out_dir/$name.xml" 2>"$out_dir/$name.stderr"
code=$?
end=$(date +%s%N)
node -e '
const fs = require("node:fs");
const [file, stderrFile, container, code, ms, ...args] = process.argv.slice(1);
const meta = { container, args: ["--mode=script", "--xml", ...args], exitCode: Number(code),
  stderr: fs.readFileSync(stderrFile, "utf8"), durationMs: Number(ms), glusterVersion: "11.1" };
fs.writeFileSync(file, JSON.stringify(meta, null, 2) + "\n");
' "$out_dir/$name.meta.json" "$out_dir/$name.stderr" "$container" "$code" "$(( (end - start) / 1000000 ))" "$@"
rm -f "$out_dir/$name.stderr"
echo "$name: exit $code"
