#!/usr/bin/env bash
# RESP decoding throughput (JMH): our RespDecoder against Jedis's protocol reader, then the Markdown table for
# bench/README.md. Usage: bench/jmh.sh [more JMH options, e.g. -p corpus=bulk_1k]   (after `mvn -B -pl bench -am install`)
# JMH_OPTS replaces the defaults: one fork, 3 warm-up and 5 measured iterations of 1 s per benchmark and reply
# (about 5 minutes); e.g. JMH_OPTS="-f 1 -wi 1 -i 2 -w 300ms -r 500ms" for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
RESULTS=bench/target/jmh-resp-decode.csv
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d), load average before:$(uptime | sed 's/.*load average://')"
java -Duser.language=en -Duser.country=US -cp "$CP" org.openjdk.jmh.Main RespDecodeBenchmark \
    ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s} -rf csv -rff "$RESULTS" "$@"
echo "# load average after:$(uptime | sed 's/.*load average://')"
java -cp "$CP" io.wasmjava.bench.jmh.RespDecodeReport "$RESULTS"
