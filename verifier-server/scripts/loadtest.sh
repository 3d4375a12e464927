#!/usr/bin/env bash
# Load test of POST /v1/detect with wrk (Debian package `wrk`): 1,000-token watermarked texts, one analyst
# token without a rate limit, a fresh data directory (SQLite store; every request is a signed, stored report
# with its audit entry). Prints wrk's summary with latency percentiles; exits 1 on any non-2xx response.
#
#   verifier-server/scripts/loadtest.sh [DURATION=30s] [CONNECTIONS=32] [WRK_THREADS=1]
#
# TELLTALE=path/to/telltale overrides the CLI (default: the repository's jar, built once by ./telltale);
# TELLTALE_JAVA_OPTS sets the JVM flags (default -Xmx2g).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -n "${TELLTALE:-}" ]; then
  telltale=("$TELLTALE")
else
  "$repo/telltale" --version >/dev/null # builds the jar if needed, once
  # shellcheck disable=SC2206
  telltale=(java ${TELLTALE_JAVA_OPTS:--Xmx2g} -Dai.djl.offline=true -jar "$repo/cli/target/telltale.jar")
fi
duration="${1:-30s}"
connections="${2:-32}"
threads="${3:-1}"
command -v wrk >/dev/null || { echo "loadtest: wrk is needed (apt-get install wrk)" >&2; exit 2; }
command -v jq >/dev/null || { echo "loadtest: jq is needed (apt-get install jq)" >&2; exit 2; }

work="$(mktemp -d /tmp/telltale-loadtest.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/data/keys"
export TELLTALE_HOME="${TELLTALE_HOME:-$HOME/.cache/telltale}"

"${telltale[@]}" keygen --insecure-plaintext --out "$work/data/keys/load.json" --json >/dev/null
# One watermarked completion of 1,000 tokens from the embedded default model (trained once, then cached).
"${telltale[@]}" generate --key "$work/data/keys/load.json" --prompt "The committee reported" --max-tokens 1000 --seed 7 --json \
  | jq -c '{text: .text}' > "$work/body.json"
echo "body: $(jq -r '.text' "$work/body.json" | wc -c) bytes of text, $(wc -c < "$work/body.json") bytes of JSON"

"${telltale[@]}" serve --port 0 --data "$work/data" --insecure-plaintext-signing-key --json > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 1 240); do
  [ -s "$work/serve.out" ] && break
  sleep 0.5
done
url="$(jq -r .url "$work/serve.out")"
[ -n "$url" ] && [ "$url" != null ] || { echo "loadtest: server did not start"; cat "$work/serve.err"; exit 1; }
token="$("${telltale[@]}" tokens create --role analyst --tokens-per-minute 0 --label loadtest --data "$work/data")"

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local f = io.open("$work/body.json", "rb")
wrk.body = f:read("*a")
f:close()
LUA

# Warm-up (JIT, caches), then the measured run.
wrk -t "$threads" -c "$connections" -d 10s -s "$work/post.lua" "${url}v1/detect" > /dev/null
echo "== wrk -t $threads -c $connections -d $duration --latency (POST ${url}v1/detect) on $(nproc) cores =="
wrk -t "$threads" -c "$connections" -d "$duration" --latency -s "$work/post.lua" "${url}v1/detect" | tee "$work/wrk.out"
curl -s "${url}metrics" | grep -E '^telltale_(reports_signed|tokens_scored|rate_limited)_total' || true
if grep -q "Non-2xx" "$work/wrk.out"; then
  echo "loadtest: some responses were errors" >&2
  exit 1
fi
