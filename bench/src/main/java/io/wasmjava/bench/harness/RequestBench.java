package io.wasmjava.bench.harness;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.HttpStream;
import io.wasmjava.testkit.PendingHttpCall;
import io.wasmjava.testkit.PendingRedisCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.WasmExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Drives N requests through one instance of a compiled plugin in the test kit's proxy-wasm host (Chicory's runtime
 * compiler by default) and prints median and p99 microseconds per request. A request is: context create, request
 * headers, any callouts the plugin makes answered in-process, done/log/delete.
 *
 * <pre>
 * RequestBench --wasm path/to/main.wasm [--config JSON] [--requests 20000] [--warmup 20000]
 *              [--callouts none|token|redis|chain] [--interpreted] [--label name]
 * </pre>
 */
public final class RequestBench {
    private RequestBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Result result = run(options);
        System.out.println(result.format());
    }

    /** Runs one benchmark. */
    public static Result run(Options options) throws Exception {
        WasmExecution execution = options.interpreted ? WasmExecution.INTERPRETED : WasmExecution.COMPILED;
        long[] startMicros = measureStarts(options, execution);
        try (PluginHarness harness = PluginHarness.builder(Engines.wasm(options.wasm, execution))
                .config(options.config).build()) {
            if (!harness.start()) {
                throw new IllegalStateException("plugin failed to configure: " + harness.logs());
            }
            for (int i = 0; i < options.warmup; i++) {
                request(harness, options, i);
            }
            long[] nanos = new long[options.requests];
            for (int i = 0; i < options.requests; i++) {
                long begin = System.nanoTime();
                request(harness, options, i);
                nanos[i] = System.nanoTime() - begin;
            }
            Arrays.sort(nanos);
            Arrays.sort(startMicros);
            return new Result(options.label, Files.size(options.wasm), nanos, startMicros);
        }
    }

    /** VM start + configure, after the module is compiled (the engine caches compiled modules per path). */
    private static long[] measureStarts(Options options, WasmExecution execution) {
        int runs = 21;
        long[] micros = new long[runs];
        for (int i = -1; i < runs; i++) {
            long begin = System.nanoTime();
            try (PluginHarness harness = PluginHarness.builder(Engines.wasm(options.wasm, execution))
                    .config(options.config).build()) {
                harness.start();
                long elapsed = (System.nanoTime() - begin) / 1000;
                if (i >= 0) {
                    micros[i] = elapsed;
                }
            }
        }
        return micros;
    }

    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/bench", ":authority",
            "bench.local", ":scheme", "http", "x-request-id", "bench-request", "user-agent", "bench/1.0",
            "x-api-key", "key-1");

    private static void request(PluginHarness harness, Options options, int index) {
        HttpStream stream = harness.newStream();
        HeaderStatus status = stream.requestHeaders(REQUEST, true);
        answerCallouts(harness, options.callouts, index);
        if (status == HeaderStatus.CONTINUE || stream.requestResumed()) {
            stream.responseHeaders(Headers.of(":status", "200", "content-type", "text/plain"), true);
        }
        stream.complete();
    }

    private static void answerCallouts(PluginHarness harness, String kind, int index) {
        // Loop: a chain answers one callout and makes the next one.
        for (int round = 0; round < 8; round++) {
            List<PendingHttpCall> http = harness.pendingHttpCalls();
            List<PendingRedisCall> redis = harness.pendingRedisCalls();
            if (http.isEmpty() && redis.isEmpty()) {
                return;
            }
            for (PendingHttpCall call : http) {
                call.respond(200, Headers.of("x-token", "bench-token-0123456789", "content-type",
                        "application/json"), ("{\"data\":{\"access_token\":\"bench-token-0123456789\"},"
                        + "\"expires_in\":3600,\"quota\":\"7\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (PendingRedisCall call : redis) {
                String query = call.queryText();
                if (query.contains("eval")) {
                    // The rate limiter's script reply: {limit, current, ttl}, always under the limit.
                    call.reply("*3\r\n:1000000\r\n:" + (index % 1000 + 1) + "\r\n:60\r\n");
                } else {
                    call.reply("$1\r\n7\r\n");
                }
            }
        }
        throw new IllegalStateException("plugin kept making callouts: " + kind);
    }

    /** Command-line options. */
    public static final class Options {
        Path wasm;
        String config = "{}";
        int requests = 20_000;
        int warmup = 20_000;
        String callouts = "none";
        boolean interpreted;
        String label;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--wasm":
                        options.wasm = Path.of(value);
                        i++;
                        break;
                    case "--config":
                        options.config = value;
                        i++;
                        break;
                    case "--requests":
                        options.requests = Integer.parseInt(value);
                        i++;
                        break;
                    case "--warmup":
                        options.warmup = Integer.parseInt(value);
                        i++;
                        break;
                    case "--callouts":
                        options.callouts = value;
                        i++;
                        break;
                    case "--label":
                        options.label = value;
                        i++;
                        break;
                    case "--interpreted":
                        options.interpreted = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (options.wasm == null) {
                throw new IllegalArgumentException("--wasm is required");
            }
            if (options.label == null) {
                options.label = options.wasm.toString();
            }
            return options;
        }
    }

    /** Sorted per-request latencies and start times. */
    public static final class Result {
        final String label;
        final long moduleBytes;
        final long[] sortedNanos;
        final long[] sortedStartMicros;

        Result(String label, long moduleBytes, long[] sortedNanos, long[] sortedStartMicros) {
            this.label = label;
            this.moduleBytes = moduleBytes;
            this.sortedNanos = sortedNanos;
            this.sortedStartMicros = sortedStartMicros;
        }

        public double medianMicros() {
            return percentile(0.50) / 1000.0;
        }

        public double p99Micros() {
            return percentile(0.99) / 1000.0;
        }

        private long percentile(double p) {
            int index = (int) Math.min(sortedNanos.length - 1, Math.round(p * (sortedNanos.length - 1)));
            return sortedNanos[index];
        }

        public double startMedianMillis() {
            return sortedStartMicros[sortedStartMicros.length / 2] / 1000.0;
        }

        String format() {
            return String.format(Locale.ROOT, "%-28s %8d B  median %8.1f us  p99 %8.1f us  start+configure %6.2f ms"
                    + "  (%d requests)", label, moduleBytes, medianMicros(), p99Micros(), startMedianMillis(),
                    sortedNanos.length);
        }
    }
}
