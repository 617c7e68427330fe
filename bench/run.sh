#!/usr/bin/env bash
# Request benchmark through the test kit's Chicory host; see RequestBench's Javadoc. Each comparison the issues set a
# target for runs in its own JVM with its two cases interleaved in blocks, so that a busy stretch of a shared machine
# falls on both alike.
# Usage: bench/run.sh [--requests N] [--warmup N] [--block N] [--starts N] [--interpreted]
#        (after `mvn -B install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
# Chicory turns each Wasm function into a JVM method; TeaVM inlines generously, and HotSpot by default never compiles a
# method over 8000 bytes of bytecode (it stays interpreted). Chicory's authors suggest this flag for such modules.
JVM=(-XX:-DontCompileHugeMethods)
NOOP=(--label noop --wasm bench/target/main.wasm)
HELLO=(--label hello --wasm examples/hello-plugin/target/main.wasm)
PARITY=(--label parity-envoy-filter-metadata --wasm bench/target/parity.wasm)
TOKEN=(--label token-cache-hit --wasm token-plugin/target/main.wasm --callouts token --config
       '{"serviceName":"token.static","servicePort":80,"requestPath":"/token","tokenJsonPath":"data.access_token","expiresInJsonPath":"expires_in","injectHeader":"authorization","injectFormat":"Bearer {token}"}')
RATELIMIT=(--label ratelimit --wasm ratelimit-plugin/target/main.wasm --callouts redis --config
           '{"rule_name":"bench","global_threshold":{"query_per_minute":1000000},"redis":{"service_name":"redis.static","service_port":6379}}')
CALLBACKS=(--label chain-callbacks --wasm examples/chain-plugin/target/main.wasm --callouts chain --config '{"style":"callbacks"}')
PROMISE=(--label chain-promise --wasm examples/chain-plugin/target/main.wasm --callouts chain --config '{"style":"promise"}')
bench() { java "${JVM[@]}" -cp "$CP" io.wasmjava.bench.harness.RequestBench "$@"; echo; }
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1),"\
     "${JVM[*]}, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
bench "$@" "${NOOP[@]}" "${HELLO[@]}" "${PARITY[@]}"
bench "$@" "${HELLO[@]}" "${TOKEN[@]}"
bench "$@" "${HELLO[@]}" "${RATELIMIT[@]}"
bench "$@" --reference chain-callbacks "${CALLBACKS[@]}" "${PROMISE[@]}"
echo "# load $(cut -d' ' -f1-3 /proc/loadavg)"
