#!/usr/bin/env bash
# Runs a command against a fresh livechat server: starts the built binary on a free
# port with its own data directory, waits until it is ready, exports
#   LIVECHAT_URL, LIVECHAT_ADMIN_EMAIL, LIVECHAT_ADMIN_PASSWORD
# and stops the server when the command ends (its exit status is the script's).
#
#   sdk/with-server.sh npm --prefix sdk/typescript test
#
# The binary is $LIVECHAT_BIN, else $CARGO_TARGET_DIR/debug/livechat, else
# target/debug/livechat; build it first (`cargo build`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary="${LIVECHAT_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/livechat}"
[ -x "$binary" ] || { echo "no server binary at $binary; run cargo build" >&2; exit 1; }

workdir=$(mktemp -d)
cp "$binary" "$workdir/livechat"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export LIVECHAT_URL="http://127.0.0.1:$port"
export LIVECHAT_ADMIN_EMAIL="admin@livechat.local"
export LIVECHAT_ADMIN_PASSWORD="admin-password-$port"

(cd "$workdir" && exec env LIVECHAT_BIND="127.0.0.1:$port" LIVECHAT_DATA_DIR="$workdir/data" \
  LIVECHAT_ADMIN_EMAIL="$LIVECHAT_ADMIN_EMAIL" LIVECHAT_ADMIN_PASSWORD="$LIVECHAT_ADMIN_PASSWORD" \
  LIVECHAT_LOG_FORMAT=json ${LIVECHAT_SERVER_ENV:-} ./livechat serve >"$workdir/server.log" 2>&1) &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "$LIVECHAT_URL/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "$LIVECHAT_URL/health/ready" >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

status=0
"$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 50 lines)" >&2
  tail -n 50 "$workdir/server.log" >&2
fi
exit "$status"
