#!/usr/bin/env bash
# The rate limiter's regexp: limit keys on hostile header values (issue: java.util.regex took 58 s for (a+)+$ on
# 24 "a"s and a "!"). Three cases, interleaved in one JVM on the Chicory host (see RequestBench), with the rate limiter
# configured with one limit_by_per_header key on x-user:
#   short      regexp:(a+)+$, x-user "u-1"                        (the everyday request)
#   hostile    regexp:(a+)+$, x-user 10 239 "a"s and a "!"        (10 KB; no match: the limiter lets it through)
#   header     regexp:^u-,    x-user the same 10 KB value          (fails at the first char: the cost of carrying
#                                                                  a 10 KB header, without the scan)
# hostile minus header is the regex engine's own time for the 10 KB scan. With V8PROBE=path/to/v8probe.cjs the same
# three configurations also run on V8 (Node), N requests each, and the mean per request is printed.
# Usage: bench/regex.sh [RequestBench options, e.g. --requests 20000 --warmup 20000]   (after mvn install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(mvn -q -o -pl bench dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=/dev/stdout)"
WASM=ratelimit-plugin/target/main.wasm
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -c "import sys; sys.stdout.write('a' * 10239 + '!')" > "$TMP/hostile"
printf 'u-1' > "$TMP/short"
config() {
  echo '{"rule_name":"bench","rule_items":[{"limit_by_per_header":"x-user","limit_keys":[{"key":"'"$1"'","query_per_minute":1000000}]}],"redis":{"service_name":"redis.static","service_port":6379}}'
}
HOSTILE_KEY='regexp:(a+)+$'
HEADER_KEY='regexp:^u-'
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1),"\
     "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), $(stat -c %s "$WASM") B $WASM"
java -XX:-DontCompileHugeMethods -cp "$CP" io.wasmjava.bench.harness.RequestBench --reference header "$@" \
  --label short --wasm "$WASM" --callouts redis --config "$(config "$HOSTILE_KEY")" --header-file "x-user=$TMP/short" \
  --label hostile --wasm "$WASM" --callouts redis --config "$(config "$HOSTILE_KEY")" --header-file "x-user=$TMP/hostile" \
  --label header --wasm "$WASM" --callouts redis --config "$(config "$HEADER_KEY")" --header-file "x-user=$TMP/hostile"
if [[ -n "${V8PROBE:-}" ]]; then
  N=${V8_REQUESTS:-20000}
  echo "# V8: $(node --version), $N requests per case, mean per request; load $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in 1 2 3; do
    for c in "short $HOSTILE_KEY short" "hostile $HOSTILE_KEY hostile" "header $HEADER_KEY hostile"; do
      set -- $c
      seconds=$(node "$V8PROBE" "$WASM" --config "$(config "$2")" --header-file "x-user=$TMP/$3" \
        --redis-reply '*3\r\n:1000000\r\n:1\r\n:60\r\n' --requests "$N" | python3 -c "import json,sys; print(json.load(sys.stdin)['seconds'])")
      python3 -c "print('round $round  %-8s %.1f us/request' % ('$1', $seconds * 1e6 / $N))"
    done
  done
fi
