#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, one after the other, each against a fresh server:
#
#   cargo build --release -p livechat -p loadgen
#   ulimit -n 20000
#   loadgen/bench.sh                                  # SQLite
#   STORE=postgres://postgres@127.0.0.1:5432/bench loadgen/bench.sh   # PostgreSQL (recreates the database)
#
# SERVER=path/to/livechat compares another build; SECS sets each chat run's length;
# QUICK=1 runs the chat benchmarks only (1, 2 and 6); ONLY=queue runs the baseline and
# the long queue (8) only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
server_bin=${SERVER:-$root/target/release/livechat}
loadgen=${LOADGEN:-$root/target/release/loadgen}
store=${STORE:-sqlite}
secs=${SECS:-20}
port=18080
base=http://127.0.0.1:$port
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Starts a fresh server (its pid in $server) named $1 on $port, or on $2 when given; a
# server named "second" joins the PostgreSQL database of the one before.
start() {
  local name=$1 at=${2:-$port} data="$work/data-$1"
  rm -rf "$data" && mkdir -p "$data"
  # Load from one address with a few credentials: the per-caller rate limits are off.
  local env=(LIVECHAT_ADMIN_PASSWORD=admin-password-1 LIVECHAT_LOG_LEVEL=warn "LIVECHAT_BIND=127.0.0.1:$at"
    LIVECHAT_RATE_LIMIT_API_KEY_PER_MIN=0 LIVECHAT_RATE_LIMIT_AGENT_PER_MIN=0 LIVECHAT_RATE_LIMIT_CUSTOMER_PER_MIN=0
    LIVECHAT_RATE_LIMIT_LOGIN_PER_MIN=0 LIVECHAT_RATE_LIMIT_TOKEN_ISSUE_PER_MIN=0)
  if [ "$store" != sqlite ]; then
    env+=("DATABASE_URL=$store")
    if [ "$name" != second ]; then
      psql "${store%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${store##*/}" -c "CREATE DATABASE ${store##*/}" >/dev/null
    fi
  fi
  (cd "$data" && exec env "${env[@]}" "$server_bin" >"$data/server.log" 2>&1) &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$at/health/ready" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; cat "$data/server.log" >&2; exit 1
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }
chat() { "$loadgen" chat --base-url "${2:-$base}" --admin-password admin-password-1 --server-pid "$1" "${@:3}"; }

echo "## $(date -u +%FT%TZ) $(git -C "$root" rev-parse --short HEAD) store=$store server=$server_bin"
echo "### baseline: bare poem JSON echo"
"$loadgen" echo --concurrency 64 --duration-secs 10

queue() {
  echo "### 8. a long queue: entering it and assigning from its head, 10 to 10,000 waiting"
  start queue; "$loadgen" queue --base-url "$base" --admin-password admin-password-1 --server-pid $server; stop $server
}
if [ "${ONLY:-}" = queue ]; then queue; exit 0; fi

echo "### 1. closed loop: 128 conversations, 8 agents, every stream held"
start max; chat $server "" --customers 128 --agents 8 --duration-secs "$secs" --message-interval-ms 1 | tee "$work/max.txt"; stop $server

# Half the closed-loop rate: every customer message gets an agent reply, so customers
# send a quarter of it between them.
rate=$(awk '/^messages accepted/ { sub("/s", "", $9); print $9 }' "$work/max.txt")
interval=$(awk -v rate="$rate" 'BEGIN { printf "%d", 128 * 4000 / rate }')
echo "### 2. paced at half of it: 128 customers, one message each every $interval ms, answered by 8 agents"
start paced; chat $server "" --customers 128 --agents 8 --duration-secs "$secs" --message-interval-ms "$interval"; stop $server

echo "### 6. fan-out: 1,000 customer and 20 agent streams, closed loop"
start fanout; chat $server "" --customers 1000 --agents 20 --duration-secs "$secs" --message-interval-ms 1; stop $server

[ -n "${QUICK:-}" ] && exit 0

queue

echo "### 4. 100 active conversations, alone and beside 10,000 idle customer streams"
start alone; chat $server "" --customers 100 --agents 5 --duration-secs "$secs" --message-interval-ms 1; stop $server
start beside
"$loadgen" idle --base-url "$base" --admin-password admin-password-1 --streams 10000 --rounds 1 --idle-secs $((secs + 30)) --concurrency 500 > "$work/idle.txt" &
idle=$!
# The chat starts once the 10,000 streams are open, and ends while they still are.
until grep -q "streams open" "$work/idle.txt"; do kill -0 $idle || exit 1; sleep 1; done
chat $server "" --customers 100 --agents 5 --duration-secs "$secs" --message-interval-ms 1
wait $idle || true
cat "$work/idle.txt"
stop $server

echo "### 3, 7. idle customer streams: 19,000, three rounds"
start idle; "$loadgen" idle --base-url "$base" --admin-password admin-password-1 --server-pid $server --streams 19000 --rounds 3 --idle-secs 20 --concurrency 500; stop $server

if [ "$store" != sqlite ]; then
  echo "### 5. two processes on one PostgreSQL database, a load generator each"
  start one; one=$server
  start second $((port + 1)); two=$server
  chat $one "" --customers 64 --agents 4 --duration-secs "$secs" --message-interval-ms 1 > "$work/one.txt" &
  first=$!
  chat $two "http://127.0.0.1:$((port + 1))" --customers 64 --agents 4 --duration-secs "$secs" --message-interval-ms 1 > "$work/two.txt"
  wait $first
  echo "process one:"; grep -E "accepted|lost|duplicated|out of order|server CPU" "$work/one.txt"
  echo "process two:"; grep -E "accepted|lost|duplicated|out of order|server CPU" "$work/two.txt"
  stop $one; stop $two
fi
