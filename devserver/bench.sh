#!/usr/bin/env bash
# Local gateway bench (not a test): requests/s and latency through the devserver with no plugin, the hello plugin
# and the rate-limit plugin (real Redis), load from a second process on loopback (`devserver loadgen`).
# Usage: devserver/bench.sh [connections] [seconds] [warmup-seconds]   (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=devserver/target/wasmjava-devserver.jar
CONNECTIONS=${1:-16}
SECONDS_MEASURED=${2:-20}
WARMUP=${3:-15}
GATEWAY_PORT=18480
ECHO_PORT=18481
REDIS_PORT=18482
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
await_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1),"\
     "$CONNECTIONS connections, ${WARMUP}s warm-up, ${SECONDS_MEASURED}s measured, $(date -u +%Y-%m-%d)"
java -jar "$JAR" echo --listen 127.0.0.1:$ECHO_PORT >/dev/null & PIDS+=($!)
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >/dev/null & PIDS+=($!)
await_port $ECHO_PORT; await_port $REDIS_PORT

run() {
  local label=$1; shift
  java -jar "$JAR" --listen 127.0.0.1:$GATEWAY_PORT --upstream http://127.0.0.1:$ECHO_PORT --log-level warn "$@" \
      2>/tmp/devserver-bench-$label.log & local gateway=$!
  await_port $GATEWAY_PORT
  printf '%-10s ' "$label"
  java -jar "$JAR" loadgen --url http://127.0.0.1:$GATEWAY_PORT/bench --connections "$CONNECTIONS" \
      --seconds "$SECONDS_MEASURED" --warmup "$WARMUP"
  kill "$gateway"; wait "$gateway" 2>/dev/null || true
}

printf '%-10s ' direct
java -jar "$JAR" loadgen --url http://127.0.0.1:$ECHO_PORT/bench --connections "$CONNECTIONS" \
    --seconds "$SECONDS_MEASURED" --warmup "$WARMUP"
run none
run hello --plugin examples/hello-plugin/target/main.wasm
run ratelimit --plugin ratelimit-plugin/target/main.wasm --cluster redis.static=127.0.0.1:$REDIS_PORT --config \
    '{"rule_name":"bench","global_threshold":{"query_per_minute":100000000},"redis":{"service_name":"redis.static","service_port":6379}}'
