#!/usr/bin/env bash
# Try the agent console and the customer widget in a browser, against a fresh server:
# builds the SDK and the pages, starts livechat on LIVECHAT_PORT (8080) with CORS open
# to the pages' origin only, serves the pages on PAGES_PORT (8081) with
# `python3 -m http.server`, sets up an agent, two modules and an API key, and prints the
# addresses. Each Enter hands another customer over (`POST /v1/entries`) and prints the
# widget's address with that customer's token. Ctrl-C stops everything.
#
#   sdk/typescript/examples/try.sh
#
# The server is $LIVECHAT_BIN, else target/debug/livechat (build it with `cargo build`).
set -euo pipefail
examples=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$examples/../../.." && pwd)
binary="${LIVECHAT_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/livechat}"
[ -x "$binary" ] || { echo "no server binary at $binary; run cargo build" >&2; exit 1; }
api_port="${LIVECHAT_PORT:-8080}"
pages_port="${PAGES_PORT:-8081}"

echo "building the SDK and the pages…"
(cd "$examples/.." && npm ci --no-audit --no-fund --silent && npm run --silent build)
(cd "$examples" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent && npm run --silent build)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LIVECHAT_URL="http://127.0.0.1:$api_port"
export PAGES_URL="http://127.0.0.1:$pages_port"
export LIVECHAT_ADMIN_EMAIL=admin@livechat.local
export LIVECHAT_ADMIN_PASSWORD="admin-password-$api_port"
LIVECHAT_BIND="127.0.0.1:$api_port" LIVECHAT_DATA_DIR="$work/data" \
  LIVECHAT_ADMIN_EMAIL="$LIVECHAT_ADMIN_EMAIL" LIVECHAT_ADMIN_PASSWORD="$LIVECHAT_ADMIN_PASSWORD" \
  LIVECHAT_CORS_ALLOWED_ORIGINS="[\"$PAGES_URL\"]" LIVECHAT_LOG_FORMAT=json \
  "$binary" serve >"$work/server.log" 2>&1 &
pids+=($!)
python3 -m http.server "$pages_port" --bind 127.0.0.1 --directory "$examples/dist" >"$work/pages.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "$LIVECHAT_URL/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "$LIVECHAT_URL/health/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
echo "server log: $work/server.log"

node "$examples/build/scripts/try.js"
# Without a terminal (stdin closed) the helper ends after the first customer: keep serving.
echo "serving until Ctrl-C"
wait "${pids[0]}"
