#!/usr/bin/env bash
# Local gateway bench (not a test): requests/s and latency through the devserver with no plugin, the hello plugin
# and the rate-limit plugin (real Redis), load from a separate process on loopback (`devserver loadgen`).
# The three gateways run side by side (idle ones cost nothing) and the load generator takes turns on them in short
# rounds, so that a busy stretch of a shared machine falls on all of them alike; each row is the median of its rounds.
# Usage: devserver/bench.sh [connections] [rounds] [seconds-per-round] [warmup-seconds]
#        (after `mvn -B install -DskipTests`); GATEWAY_JVM overrides the gateways' JVM options; ENGINES (default
#        "v8") lists the engines to run the plugin gateways on, each its own pair of gateways (hello-v8, ratelimit-v8,
#        hello-chicory, ...): ENGINES="v8 chicory" compares them in one interleaved run.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=devserver/target/wasmjava-devserver.jar
CONNECTIONS=${1:-16}
ROUNDS=${2:-5}
SECONDS_PER_ROUND=${3:-6}
WARMUP=${4:-10}
GATEWAY_JVM=${GATEWAY_JVM:-}
read -r -a ENGINE_LIST <<< "${ENGINES:-v8}"
ECHO_PORT=18481
REDIS_PORT=18482
declare -A PORT=([none]=18480)
TARGETS=(direct none)
next_port=18483
for engine in "${ENGINE_LIST[@]}"; do
  for plugin in hello ratelimit; do
    PORT[$plugin-$engine]=$next_port; next_port=$((next_port + 1)); TARGETS+=("$plugin-$engine")
  done
done
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
await_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
url() { if [ "$1" = direct ]; then echo "http://127.0.0.1:$ECHO_PORT/bench"; else echo "http://127.0.0.1:${PORT[$1]}/bench"; fi; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)," \
     "gateway JVM options: ${GATEWAY_JVM:-none}, engines: ${ENGINE_LIST[*]}, $CONNECTIONS connections, $ROUNDS rounds of ${SECONDS_PER_ROUND}s per target after" \
     "${WARMUP}s warm-up, $(date -u +%Y-%m-%d)"
java -jar "$JAR" echo --listen 127.0.0.1:$ECHO_PORT >/dev/null & PIDS+=($!)
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >/dev/null & PIDS+=($!)
gateway() {
  local label=$1; shift
  java $GATEWAY_JVM -jar "$JAR" --listen 127.0.0.1:${PORT[$label]} --upstream http://127.0.0.1:$ECHO_PORT \
      --log-level warn "$@" 2>"/tmp/devserver-bench-$label.log" & PIDS+=($!)
}
gateway none
for engine in "${ENGINE_LIST[@]}"; do
  gateway hello-$engine --engine "$engine" --plugin examples/hello-plugin/target/main.wasm
  gateway ratelimit-$engine --engine "$engine" --plugin ratelimit-plugin/target/main.wasm \
      --cluster redis.static=127.0.0.1:$REDIS_PORT --config \
      '{"rule_name":"bench","global_threshold":{"query_per_minute":100000000},"redis":{"service_name":"redis.static","service_port":6379}}'
done
await_port $ECHO_PORT; await_port $REDIS_PORT
for target in "${!PORT[@]}"; do await_port "${PORT[$target]}"; done
for target in "${TARGETS[@]}"; do
  java -jar "$JAR" loadgen --url "$(url "$target")" --connections "$CONNECTIONS" --seconds "$WARMUP" --warmup 0 >/dev/null
done
echo "# load before: $(load)"
declare -A LINES
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!TARGETS[@]}"; do
    target=${TARGETS[$(( (i + round) % ${#TARGETS[@]} ))]}
    line=$(java -jar "$JAR" loadgen --url "$(url "$target")" --connections "$CONNECTIONS" --seconds "$SECONDS_PER_ROUND" \
        --warmup 1)
    echo "round $round $(printf '%-18s' "$target") $line"
    LINES[$target]+="$line"$'\n'
  done
done
echo "# load after: $(load)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { grep -o "$1 [0-9.]*" | awk '{print $2}'; }
NONE_RPS=$(printf '%s' "${LINES[none]}" | field requests/s | median)
printf '\n| path | requests/s | p50 | p99 | vs no plugin |\n|---|---:|---:|---:|---:|\n'
for target in "${TARGETS[@]}"; do
  rps=$(printf '%s' "${LINES[$target]}" | field requests/s | median)
  p50=$(printf '%s' "${LINES[$target]}" | field p50 | median)
  p99=$(printf '%s' "${LINES[$target]}" | field p99 | median)
  ratio=$([ "$target" = direct ] && echo "—" || awk -v a="$rps" -v b="$NONE_RPS" 'BEGIN {printf "%.2fx", a / b}')
  printf '| %s | %.0f | %s ms | %s ms | %s |\n' "$target" "$rps" "$p50" "$p99" "$ratio"
done
