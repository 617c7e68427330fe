#!/usr/bin/env bash
# Request benchmark: every reference plugin through the test kit's Chicory host, one instance each, all in one JVM
# with their requests interleaved in blocks (fair ratios on a shared machine); see RequestBench's Javadoc.
# Usage: bench/run.sh [--requests N] [--warmup N] [--block N] [--starts N] [--interpreted]
#        (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
CASES=(--label noop --wasm bench/target/main.wasm
       --label hello --wasm examples/hello-plugin/target/main.wasm
       --label parity-envoy-filter-metadata --wasm bench/target/parity.wasm
       --label token-cache-hit --wasm token-plugin/target/main.wasm --callouts token
       --config '{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenJsonPath":"data.access_token","expiresInJsonPath":"expires_in","injectHeader":"authorization","injectFormat":"Bearer {token}"}'
       --label ratelimit --wasm ratelimit-plugin/target/main.wasm --callouts redis
       --config '{"rule_name":"bench","global_threshold":{"query_per_minute":1000000},"redis":{"service_name":"redis.static","service_port":6379}}'
       --label chain-callbacks --wasm examples/chain-plugin/target/main.wasm --callouts chain --config '{"style":"callbacks"}'
       --label chain-promise --wasm examples/chain-plugin/target/main.wasm --callouts chain --config '{"style":"promise"}')
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1),"\
     "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
java -cp "$CP" io.wasmjava.bench.harness.RequestBench "$@" "${CASES[@]}"
