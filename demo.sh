#!/usr/bin/env bash
# The README's first command: builds everything, then runs the local gateway with the token plugin and the
# rate-limit plugin in front of a built-in echo upstream, a built-in token service and Redis (redis-server from
# PATH, else a real Redis binary from Maven Central), and prints curl lines to try. Needs Java 17 and Maven.
# Options go to `devserver demo`: --listen host:port, --limit N, --log-level level, --check (try it and exit).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q install -DskipTests
exec java -jar devserver/target/wasmjava-devserver.jar demo "$@"
