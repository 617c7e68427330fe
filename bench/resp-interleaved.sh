#!/usr/bin/env bash
# RESP decoding, ours against Jedis, each pair interleaved in its own JVM (see RespDecodeInterleaved's Javadoc).
# Usage: bench/resp-interleaved.sh [reply ...]   (after `mvn -B -pl bench -am install`)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for pair in decodeOne readFrom feed; do
  java -cp "$CP" io.wasmjava.bench.harness.RespDecodeInterleaved "$pair" "$@"
done
echo "# load $(cut -d' ' -f1-3 /proc/loadavg)"
