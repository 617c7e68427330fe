#!/usr/bin/env bash
# Request benchmark: every reference plugin through the test kit's Chicory host, one instance each.
# Usage: bench/run.sh [--requests N] [--warmup N] [--interpreted]   (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
run() { java -cp "$CP" io.wasmjava.bench.harness.RequestBench "$@" "${EXTRA[@]}"; }
EXTRA=("$@")
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
run --label noop --wasm bench/target/main.wasm
run --label hello --wasm examples/hello-plugin/target/main.wasm
run --label parity-envoy-filter-metadata --wasm bench/target/parity.wasm
run --label token-cache-hit --wasm token-plugin/target/main.wasm --callouts token \
    --config '{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenJsonPath":"data.access_token","expiresInJsonPath":"expires_in","injectHeader":"authorization","injectFormat":"Bearer {token}"}'
if [ -f ratelimit-plugin/target/main.wasm ]; then
  run --label ratelimit --wasm ratelimit-plugin/target/main.wasm --callouts redis \
      --config '{"rule_name":"bench","global_threshold":{"query_per_minute":1000000},"redis":{"service_name":"redis.static","service_port":6379}}'
fi
for style in callbacks promise; do
  if [ -f examples/chain-plugin/target/main.wasm ]; then
    run --label "chain-$style" --wasm examples/chain-plugin/target/main.wasm --callouts chain --config "{\"style\":\"$style\"}"
  fi
done
