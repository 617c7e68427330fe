#!/usr/bin/env bash
# RESP decoding throughput (JMH): our RespDecoder against Jedis's protocol reader, then the Markdown table for
# bench/README.md. Usage: bench/jmh.sh [reply ...]   (after `mvn -B -pl bench -am install`)
# Replies: script_reply integer error bulk_16 bulk_1k bulk_64k array_100_bulks nested (default: all). One JMH run per
# reply, so that ours and Jedis are measured within seconds of each other on a shared machine. JMH_OPTS replaces the
# defaults (two forks, 3 warm-up and 5 measured iterations of 1 s: about 100 s per reply); for a quick look:
# JMH_OPTS="-f 1 -wi 1 -i 2 -w 500ms -r 500ms".
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
REPLIES=("$@")
[ ${#REPLIES[@]} -gt 0 ] || REPLIES=(script_reply integer error bulk_16 bulk_1k bulk_64k array_100_bulks nested)
load() { uptime | sed 's/.*load average: *//'; }
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
RESULTS=()
for reply in "${REPLIES[@]}"; do
  out="bench/target/jmh-resp-decode-$reply.csv"
  echo "# $reply: load average before: $(load)"
  java -Duser.language=en -Duser.country=US -cp "$CP" org.openjdk.jmh.Main RespDecodeBenchmark -p corpus="$reply" \
      ${JMH_OPTS:--f 2 -wi 3 -i 5 -w 1s -r 1s} -rf csv -rff "$out" | grep -E '^(Benchmark|RespDecodeBenchmark)'
  RESULTS+=("$out")
done
echo "# load average after: $(load)"
java -cp "$CP" io.wasmjava.bench.jmh.RespDecodeReport "${RESULTS[@]}"
