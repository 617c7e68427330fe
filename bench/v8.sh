#!/usr/bin/env bash
# Request benchmark on V8 (Node's WebAssembly, the engine Envoy embeds); see bench/README.md "V8" and the usage at the
# top of bench/v8/v8bench.cjs. All cases run in one process, interleaved; ratios are against the host floor.
# Usage: bench/v8.sh [--rounds N] [--block N] [--warmup N] [--starts N]     (after `mvn -B install -DskipTests`)
#        bench/v8.sh --memory 1000000                                        (linear memory after N requests)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "bench/v8.sh needs Node.js (20 or later) on the PATH" >&2; exit 1; }
TOKEN='{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenJsonPath":"data.access_token","expiresInJsonPath":"expires_in","injectHeader":"authorization","injectFormat":"Bearer {token}"}'
RATELIMIT='{"rule_name":"bench","global_threshold":{"query_per_minute":1000000},"redis":{"service_name":"redis.static","service_port":6379}}'
CASES=(
  "floor=bench/v8/floor.wasm"
  "noop=bench/target/main.wasm"
  "hello=examples/hello-plugin/target/main.wasm"
  "parity=bench/target/parity.wasm"
  "token-cache-hit=token-plugin/target/main.wasm,config=$TOKEN,callouts=http"
  "ratelimit=ratelimit-plugin/target/main.wasm,config=$RATELIMIT,callouts=redis"
  'chain-callbacks=examples/chain-plugin/target/main.wasm,config={"style":"callbacks"},callouts=http'
  'chain-promise=examples/chain-plugin/target/main.wasm,config={"style":"promise"},callouts=http'
)
node bench/v8/v8bench.cjs "$@" "${CASES[@]}"
