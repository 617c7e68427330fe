#!/usr/bin/env bash
# Requests per second through the local gateway on each engine, interleaved: one gateway per engine runs side by side
# (same plugin, same echo upstream, one worker each), and short loadgen runs take turns between them, so a busy
# stretch of a shared machine falls on both alike. Plugins: hello (no callouts) and the rate limiter (a Redis call per
# request, to a local redis-server). Prints each run, then each engine's median.
# Each gateway first gets a warm-up run (not counted) so both JITs (HotSpot for Chicory's compiled module, V8's tiers)
# have settled.
# Usage: devserver/engines.sh [rounds] [seconds] [warm-up seconds]   (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-8}
WARMUP_SECONDS=${3:-15}
JAR=devserver/target/wasmjava-devserver.jar
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { "$@" >/dev/null 2>&1 & PIDS+=($!); }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "no server on $1" >&2; exit 1; }

ECHO=$(free_port); start java -jar "$JAR" echo --listen 127.0.0.1:"$ECHO"
REDIS=$(free_port); start redis-server --port "$REDIS" --save '' --appendonly no
RATELIMIT_CONFIG='{"rule_name":"engines","global_threshold":{"query_per_minute":100000000},"redis":{"service_name":"redis.static","service_port":6379}}'
declare -A PORT
for plugin in hello ratelimit; do
  for engine in v8 chicory; do
    port=$(free_port); PORT[$plugin-$engine]=$port
    if [ "$plugin" = hello ]; then
      args=(--plugin examples/hello-plugin/target/main.wasm)
    else
      args=(--plugin ratelimit-plugin/target/main.wasm --config "$RATELIMIT_CONFIG"
            --cluster "outbound|6379||redis.static=127.0.0.1:$REDIS")
    fi
    start java -jar "$JAR" "${args[@]}" --upstream http://127.0.0.1:"$ECHO" --listen 127.0.0.1:"$port" --workers 1 \
      --engine "$engine" --log-level warn
  done
done
for port in "$ECHO" "$REDIS" "${PORT[@]}"; do wait_port "$port"; done
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ); $ROUNDS rounds of ${SECONDS_PER_RUN} s, 4 connections"
for key in "${!PORT[@]}"; do
  java -jar "$JAR" loadgen --url http://127.0.0.1:"${PORT[$key]}"/get --connections 4 --warmup 0 \
    --seconds "$WARMUP_SECONDS" >/dev/null
done
declare -A RUNS
for round in $(seq "$ROUNDS"); do
  for plugin in hello ratelimit; do
    for engine in v8 chicory; do
      line=$(java -jar "$JAR" loadgen --url http://127.0.0.1:"${PORT[$plugin-$engine]}"/get --connections 4 \
             --warmup 2 --seconds "$SECONDS_PER_RUN")
      echo "round $round $plugin $engine: $line"
      RUNS[$plugin-$engine]+="$(echo "$line" | grep -oE 'requests/s [0-9.]+' | cut -d' ' -f2) "
    done
  done
done
for key in hello-v8 hello-chicory ratelimit-v8 ratelimit-chicory; do
  echo "$key median requests/s: $(echo "${RUNS[$key]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
echo "# load $(cut -d' ' -f1-3 /proc/loadavg)"
