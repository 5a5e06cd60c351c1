#!/usr/bin/env bash
# Scale-out on one PostgreSQL database: 1, 2 and 4 server processes, each held to half a
# core by a CPU quota of its own (a cgroup), each driven by a load generator of its own
# in a closed loop. Prints each process's figures and the sum.
#
#   cargo build --release -p livechat -p loadgen
#   STORE=postgres://postgres@127.0.0.1:5432/bench loadgen/scale.sh   # recreates that database
#
# Needs root and the cgroup v1 `cpu` controller at /sys/fs/cgroup/cpu (or cgroup v2 at
# /sys/fs/cgroup with the cpu controller). COUNTS sets the process counts ("1 2 4"),
# QUOTA the share of a core each gets (50 = half), SECS each run's length (20),
# CUSTOMERS the conversations per process (32), CUT_MS (when set) cuts every stream after
# about that many milliseconds and resumes it on the next process. Rate limits are off.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
server_bin=${SERVER:-$root/target/release/livechat}
loadgen=${LOADGEN:-$root/target/release/loadgen}
store=${STORE:-postgres://postgres@127.0.0.1:5432/bench}
counts=${COUNTS:-1 2 4}
quota=${QUOTA:-50}
secs=${SECS:-20}
customers=${CUSTOMERS:-32}
port=18180
work=$(mktemp -d)
# One token secret for every process, as a deployment has: a stream resumes on any.
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
groups=()

# A cgroup holding its processes to $quota % of one core; its tasks file in $procs.
cgroup() {
  local name=livechat-scale-$1
  if [ -d /sys/fs/cgroup/cpu ]; then
    mkdir -p "/sys/fs/cgroup/cpu/$name"
    echo 100000 > "/sys/fs/cgroup/cpu/$name/cpu.cfs_period_us"
    echo $((quota * 1000)) > "/sys/fs/cgroup/cpu/$name/cpu.cfs_quota_us"
    groups+=("/sys/fs/cgroup/cpu/$name")
    procs="/sys/fs/cgroup/cpu/$name/cgroup.procs"
  else
    mkdir -p "/sys/fs/cgroup/$name"
    echo "$((quota * 1000)) 100000" > "/sys/fs/cgroup/$name/cpu.max"
    groups+=("/sys/fs/cgroup/$name")
    procs="/sys/fs/cgroup/$name/cgroup.procs"
  fi
}

cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  for group in "${groups[@]}"; do rmdir "$group" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts server $1 on port $port+$1 inside its cgroup; its pid in $server.
start() {
  local n=$1 at=$((port + $1)) data="$work/data-$1"
  mkdir -p "$data"
  local env=(LIVECHAT_ADMIN_PASSWORD=admin-password-1 LIVECHAT_LOG_LEVEL=warn "LIVECHAT_BIND=127.0.0.1:$at"
    "DATABASE_URL=$store" "LIVECHAT_JWT_SECRET=$secret" LIVECHAT_RATE_LIMIT_API_KEY_PER_MIN=0 LIVECHAT_RATE_LIMIT_AGENT_PER_MIN=0
    LIVECHAT_RATE_LIMIT_CUSTOMER_PER_MIN=0 LIVECHAT_RATE_LIMIT_LOGIN_PER_MIN=0 LIVECHAT_RATE_LIMIT_TOKEN_ISSUE_PER_MIN=0)
  cgroup "$n"
  (echo $BASHPID > "$procs"; cd "$data" && exec env "${env[@]}" "$server_bin" >"$data/server.log" 2>&1) &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$at/health/ready" >/dev/null && return; sleep 0.1; done
  echo "server $n did not start" >&2; cat "$data/server.log" >&2; exit 1
}

echo "## $(date -u +%FT%TZ) $(git -C "$root" rev-parse --short HEAD) store=$store quota=${quota}% of a core per process"
echo "### baseline: bare poem JSON echo"
"$loadgen" echo --concurrency 64 --duration-secs 10
for count in $counts; do
  psql "${store%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${store##*/}" -c "CREATE DATABASE ${store##*/}" >/dev/null
  pids=()
  for n in $(seq "$count"); do start "$n"; pids+=("$server"); done
  echo "### $count process(es), ${quota}% of a core each, $customers conversations and 4 agents per process"
  runs=()
  for n in $(seq "$count"); do
    # Streams cut now and then resume on the other processes, in turn.
    cuts=()
    if [ -n "${CUT_MS:-}" ]; then
      cuts=(--cut-after-ms "$CUT_MS")
      for other in $(seq "$count"); do
        [ "$other" != "$n" ] && cuts+=(--resume-url "http://127.0.0.1:$((port + other))")
      done
    fi
    "$loadgen" chat --base-url "http://127.0.0.1:$((port + n))" --admin-password admin-password-1 \
      --server-pid "${pids[$((n - 1))]}" --customers "$customers" --agents 4 --duration-secs "$secs" \
      --message-interval-ms 1 "${cuts[@]}" > "$work/run-$count-$n.txt" &
    runs+=($!)
  done
  failed=0
  for run in "${runs[@]}"; do wait "$run" || failed=1; done
  total=0
  for n in $(seq "$count"); do
    echo "process $n:"; grep -E "accepted|latency ms|lost|duplicated|out of order|cut and resumed|server CPU|errors" "$work/run-$count-$n.txt" | sed 's/^/  /'
    rate=$(awk '/^messages accepted/ { sub("/s", "", $9); print $9 }' "$work/run-$count-$n.txt")
    total=$(awk -v a="$total" -v b="$rate" 'BEGIN { printf "%.1f", a + b }')
  done
  echo "sum: $total msg/s over $count process(es)$([ $failed = 1 ] && echo ' (a load generator reported loss)')"
  for pid in "${pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  for group in "${groups[@]}"; do rmdir "$group" 2>/dev/null || true; done
  groups=()
done
