#!/usr/bin/env bash
# Per-VM linear memory of each reference plugin on the test kit's Chicory host: after start+configure, after 1,000
# requests and after N (default 1,000,000); callouts answered in-process as in run.sh. See README "Memory per VM".
# Usage: bench/memory.sh [N]   (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
java -XX:-DontCompileHugeMethods -cp "$CP" io.wasmjava.bench.harness.RequestBench --memory "$N" \
  --label hello --wasm examples/hello-plugin/target/main.wasm \
  --label token-cache-hit --wasm token-plugin/target/main.wasm --callouts token --config \
    '{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenJsonPath":"data.access_token","expiresInJsonPath":"expires_in","injectHeader":"authorization","injectFormat":"Bearer {token}"}' \
  --label token-no-cache --wasm token-plugin/target/main.wasm --callouts token --config \
    '{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenHeader":"x-token"}' \
  --label ratelimit --wasm ratelimit-plugin/target/main.wasm --callouts redis --config \
    '{"rule_name":"bench","global_threshold":{"query_per_minute":1000000},"redis":{"service_name":"redis.static","service_port":6379}}'
