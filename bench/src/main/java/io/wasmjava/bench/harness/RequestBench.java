package io.wasmjava.bench.harness;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.WasmExecution;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Drives requests through compiled plugins in the test kit's proxy-wasm host (Chicory's runtime compiler by default)
 * and prints median and p99 microseconds per request, and the time to start and configure a new VM.
 *
 * <p>Several plugins ("cases") run in one JVM, <em>interleaved</em>: blocks of requests take turns across the cases,
 * so that a slower or busier stretch of a shared machine falls on every case alike and ratios between cases are
 * fair. A request is: context create, request headers, any callouts the plugin makes answered in-process, response
 * headers, done/log/delete. The warm-up is {@code --warmup} requests per case, then more rounds of
 * {@code --settle-requests} until the JVM's JIT is nearly idle (at most {@code --settle-seconds}; 0 turns this off);
 * the report's first line says how it ended. Start+configure is a new instance (instantiate, {@code _start},
 * {@code proxy_on_vm_start}, {@code proxy_on_configure}) of the already compiled module, measured after the requests
 * and as many unmeasured starts, interleaved like the requests; the first start after compiling (cold JIT) is
 * reported separately.
 *
 * <pre>
 * RequestBench [--requests 30000] [--warmup 20000] [--settle-requests 20000] [--settle-seconds 120] [--block 500]
 *              [--starts 101] [--interpreted] [--reference label] [--memory N]
 *              --label name --wasm path/to/main.wasm [--config JSON] [--callouts none|token|redis|chain]
 *              [--header-file name=path]
 *              [--label name --wasm ... ]...
 * </pre>
 *
 * <p>Each {@code --label} starts a case; the options after it describe that case. {@code --header-file} adds one
 * request header whose value is the file's content (read as ISO-8859-1, so any byte is one char), e.g. a 10 KB
 * hostile value for a {@code regexp:} limit key. Ratios are printed against the
 * first case and against the {@code --reference} case (default: the case labelled {@code hello}, if any).
 */
public final class RequestBench {
    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/bench", ":authority",
            "bench.local", ":scheme", "http", "x-request-id", "bench-request", "user-agent", "bench/1.0",
            "x-api-key", "key-1");
    /** The rate limiter's script replies {limit, current, ttl}, always under the limit, encoded once. */
    private static final byte[][] SCRIPT_REPLIES = scriptReplies();
    private static final byte[] SEVEN = "$1\r\n7\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The share of a warm-up round the JIT may spend compiling for the warm-up to count as settled. */
    private static final double SETTLED_JIT_SHARE = 0.02;
    private static final Headers RESPONSE = Headers.of(":status", "200", "content-type", "text/plain");
    private static final Headers TOKEN_HEADERS = Headers.of("x-token", "bench-token-0123456789", "content-type",
            "application/json");
    private static final byte[] TOKEN_BODY = ("{\"data\":{\"access_token\":\"bench-token-0123456789\"},"
            + "\"expires_in\":3600,\"quota\":\"7\"}").getBytes(StandardCharsets.UTF_8);

    private RequestBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.memoryRequests > 0) {
            memory(options);
            return;
        }
        List<Result> results = run(options);
        Result first = results.get(0);
        Result reference = null;
        for (Result result : results) {
            if (result.label.equals(options.reference)) {
                reference = result;
            }
        }
        System.out.println(header(first, reference));
        for (Result result : results) {
            System.out.println(result.format(first, reference));
        }
    }

    /** Runs every case, interleaved, and returns their results in order. */
    public static List<Result> run(Options options) throws Exception {
        WasmExecution execution = options.interpreted ? WasmExecution.INTERPRETED : WasmExecution.COMPILED;
        List<Case> cases = options.cases;
        List<PluginHarness> harnesses = new ArrayList<>();
        List<PluginEngine.Factory> engines = new ArrayList<>();
        long[][] starts = new long[cases.size()][options.starts + 1];
        try {
            for (int c = 0; c < cases.size(); c++) {
                Case benchCase = cases.get(c);
                PluginEngine.Factory engine = Engines.wasm(benchCase.wasm, execution);
                engines.add(engine);
                start(benchCase, engine); // compiles the module (the engine caches it)
                starts[c][0] = start(benchCase, engine);
                PluginHarness harness = PluginHarness.builder(engine).config(benchCase.config).build();
                harnesses.add(harness);
                if (!harness.start()) {
                    throw new IllegalStateException(benchCase.label + ": plugin failed to configure: "
                            + harness.logs());
                }
            }
            long warmupBegin = System.nanoTime();
            interleave(options, harnesses, null, options.warmup);
            String settled = settleJit(options, harnesses);
            System.out.printf(Locale.ROOT, "# warm-up: %.1f s, %s%n", (System.nanoTime() - warmupBegin) / 1e9,
                    settled);
            long[][] nanos = new long[cases.size()][options.requests];
            interleave(options, harnesses, nanos, options.requests);
            // Starts after the requests: their first runs of _start and configure code make HotSpot recompile the
            // module's shared dispatch methods, which must not happen while requests are measured.
            for (int i = -options.starts; i < options.starts; i++) {
                for (int c = 0; c < cases.size(); c++) {
                    long micros = start(cases.get(c), engines.get(c));
                    if (i >= 0) {
                        starts[c][1 + i] = micros;
                    }
                }
            }
            List<Result> results = new ArrayList<>();
            for (int c = 0; c < cases.size(); c++) {
                Arrays.sort(nanos[c]);
                Arrays.sort(starts[c], 1, starts[c].length);
                results.add(new Result(cases.get(c).label, Files.size(cases.get(c).wasm), nanos[c], starts[c]));
            }
            return results;
        } finally {
            for (PluginHarness harness : harnesses) {
                harness.close();
            }
        }
    }

    /**
     * Runs {@code total} requests per case in blocks that take turns; records each request's nanoseconds into
     * {@code nanos[case]} unless it is null (warm-up). The order of the cases rotates every round, so no case always
     * follows the same one.
     */
    private static void interleave(Options options, List<PluginHarness> harnesses, long[][] nanos, int total) {
        int cases = harnesses.size();
        int[] done = new int[cases];
        int index = 0;
        for (int round = 0; done[0] < total; round++) {
            int block = Math.min(options.block, total - done[0]);
            for (int turn = 0; turn < cases; turn++) {
                int c = (round + turn) % cases;
                PluginHarness harness = harnesses.get(c);
                Case benchCase = options.cases.get(c);
                for (int i = 0; i < block; i++) {
                    long begin = System.nanoTime();
                    request(harness, benchCase, index + i);
                    long elapsed = System.nanoTime() - begin;
                    if (nanos != null) {
                        nanos[c][done[c] + i] = elapsed;
                    }
                }
                done[c] += block;
            }
            index += block;
        }
    }

    /**
     * Keeps warming up, in rounds of {@link Options#settleRequests} requests per case, until the JIT spent under
     * {@value #SETTLED_JIT_SHARE} of a round compiling, or {@link Options#settleSeconds} have passed. Chicory turns
     * every Wasm function into a JVM method, and on two cores HotSpot's C2 takes many seconds to compile a module's
     * hot methods: a fixed warm-up that ends before it is done measures a mix of tiers, which differs from run to
     * run. Returns how the warm-up ended, for the report.
     */
    private static String settleJit(Options options, List<PluginHarness> harnesses) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (options.settleSeconds == 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return "fixed (" + options.warmup + " requests per case)";
        }
        long deadline = System.nanoTime() + options.settleSeconds * 1_000_000_000L;
        int rounds = 0;
        while (true) {
            long compilingBefore = jit.getTotalCompilationTime();
            long begin = System.nanoTime();
            interleave(options, harnesses, null, options.settleRequests);
            rounds++;
            long now = System.nanoTime();
            double share = (jit.getTotalCompilationTime() - compilingBefore) * 1e6 / (now - begin);
            String requests = options.warmup + " + " + rounds + " x " + options.settleRequests + " requests per case";
            if (share < SETTLED_JIT_SHARE) {
                return String.format(Locale.ROOT, "%s; JIT settled (%.1f %% of the last round compiling)", requests,
                        share * 100);
            }
            if (now > deadline) {
                return String.format(Locale.ROOT, "%s; JIT NOT settled after %d s (%.1f %% of the last round "
                        + "compiling): figures may mix compiled tiers", requests, options.settleSeconds, share * 100);
            }
        }
    }

    /**
     * {@code --memory N}: per case, a fresh VM's linear memory after start+configure, after 1,000 requests and after
     * {@code N}; no timing. Linear memory never shrinks, so the last figure is the most the VM took on the way.
     */
    private static void memory(Options options) {
        System.out.println(String.format(Locale.ROOT, "%-28s %14s %14s %14s", "case", "after start",
                "after 1000", "after " + options.memoryRequests));
        for (Case benchCase : options.cases) {
            PluginEngine.Factory engine = Engines.wasm(benchCase.wasm,
                    options.interpreted ? WasmExecution.INTERPRETED : WasmExecution.COMPILED);
            try (PluginHarness harness = PluginHarness.builder(engine).config(benchCase.config)
                    .retainHistory(false).build()) {
                if (!harness.start()) {
                    throw new IllegalStateException(benchCase.label + ": plugin failed to configure: "
                            + harness.logs());
                }
                long started = harness.engine().memoryBytes();
                long afterThousand = -1;
                for (int i = 0; i < options.memoryRequests; i++) {
                    request(harness, benchCase, i);
                    if (i == 999) {
                        afterThousand = harness.engine().memoryBytes();
                    }
                }
                System.out.println(String.format(Locale.ROOT, "%-28s %14d %14d %14d", benchCase.label, started,
                        afterThousand, harness.engine().memoryBytes()));
            }
        }
    }

    /** Microseconds to start and configure a new instance of the compiled module (then closes it). */
    private static long start(Case benchCase, PluginEngine.Factory engine) {
        long begin = System.nanoTime();
        try (PluginHarness harness = PluginHarness.builder(engine).config(benchCase.config).build()) {
            if (!harness.start()) {
                throw new IllegalStateException(benchCase.label + ": plugin failed to configure: " + harness.logs());
            }
            return (System.nanoTime() - begin) / 1000;
        }
    }

    private static void request(PluginHarness harness, Case benchCase, int index) {
        HttpStream stream = harness.newStream();
        HeaderStatus status = stream.requestHeaders(benchCase.request, true);
        if (!benchCase.callouts.equals("none")) {
            answerCallouts(harness, benchCase.callouts, index);
        }
        if (status == HeaderStatus.CONTINUE || stream.requestResumed()) {
            stream.responseHeaders(RESPONSE, true);
        }
        stream.complete();
    }

    private static byte[][] scriptReplies() {
        byte[][] replies = new byte[1000][];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = ("*3\r\n:1000000\r\n:" + (i + 1) + "\r\n:60\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return replies;
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
                call.respond(200, TOKEN_HEADERS, TOKEN_BODY);
            }
            for (PendingRedisCall call : redis) {
                byte[] query = call.query();
                // "*N\r\n$4\r\neval..." or "$7\r\nevalsha...": the rate limiter's script; anything else gets "7".
                boolean script = query.length > 12 && query[8] == 'e' && query[9] == 'v' && query[10] == 'a'
                        && query[11] == 'l';
                call.reply(script ? SCRIPT_REPLIES[index % SCRIPT_REPLIES.length] : SEVEN);
            }
        }
        throw new IllegalStateException("plugin kept making callouts: " + kind);
    }

    /** One plugin to drive. */
    static final class Case {
        final String label;
        Path wasm;
        String config = "{}";
        String callouts = "none";
        Headers request = REQUEST;

        Case(String label) {
            this.label = label;
        }
    }

    /** Command-line options. */
    public static final class Options {
        final List<Case> cases = new ArrayList<>();
        int requests = 30_000;
        int warmup = 20_000;
        int block = 500;
        int starts = 101;
        int settleSeconds = 120;
        int settleRequests = 20_000;
        boolean interpreted;
        String reference = "hello";
        /** With {@code --memory N}: measure linear memory over N requests per case instead of time. */
        int memoryRequests;

        static Options parse(String[] args) {
            Options options = new Options();
            Case current = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--interpreted")) {
                    options.interpreted = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--label":
                        current = new Case(value);
                        options.cases.add(current);
                        break;
                    case "--wasm":
                        caseFor(option, current).wasm = Path.of(value);
                        break;
                    case "--config":
                        caseFor(option, current).config = value;
                        break;
                    case "--callouts":
                        caseFor(option, current).callouts = value;
                        break;
                    case "--header-file":
                        caseFor(option, current).request = withHeaderFrom(value);
                        break;
                    case "--requests":
                        options.requests = positive(option, value);
                        break;
                    case "--warmup":
                        options.warmup = Integer.parseInt(value);
                        break;
                    case "--settle-seconds":
                        options.settleSeconds = Integer.parseInt(value);
                        if (options.settleSeconds < 0) {
                            throw new IllegalArgumentException(option + " must not be negative: " + value);
                        }
                        break;
                    case "--settle-requests":
                        options.settleRequests = positive(option, value);
                        break;
                    case "--block":
                        options.block = positive(option, value);
                        break;
                    case "--starts":
                        options.starts = positive(option, value);
                        break;
                    case "--reference":
                        options.reference = value;
                        break;
                    case "--memory":
                        options.memoryRequests = positive(option, value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (options.cases.isEmpty()) {
                throw new IllegalArgumentException("no case: give --label name --wasm path at least once");
            }
            for (Case benchCase : options.cases) {
                if (benchCase.wasm == null) {
                    throw new IllegalArgumentException("case " + benchCase.label + " has no --wasm");
                }
                if (!List.of("none", "token", "redis", "chain").contains(benchCase.callouts)) {
                    throw new IllegalArgumentException("case " + benchCase.label + ": unknown --callouts "
                            + benchCase.callouts);
                }
            }
            return options;
        }

        /** {@link #REQUEST} plus the header {@code name=path} names, its value read from the file. */
        private static Headers withHeaderFrom(String nameEqualsPath) {
            int eq = nameEqualsPath.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--header-file needs name=path but was " + nameEqualsPath);
            }
            String value;
            try {
                value = new String(Files.readAllBytes(Path.of(nameEqualsPath.substring(eq + 1))),
                        StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--header-file: " + e.getMessage(), e);
            }
            return REQUEST.newBuilder().add(nameEqualsPath.substring(0, eq), value).build();
        }

        private static Case caseFor(String option, Case current) {
            if (current == null) {
                throw new IllegalArgumentException(option + " before the first --label");
            }
            return current;
        }

        private static int positive(String option, String value) {
            int number = Integer.parseInt(value);
            if (number <= 0) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return number;
        }
    }

    private static String header(Result first, Result reference) {
        return String.format(Locale.ROOT, "%-28s %10s %12s %12s %9s %10s %10s%s", "case", "bytes", "median us",
                "p99 us", "x " + first.label, "start ms", "first ms",
                reference == null ? "" : String.format(Locale.ROOT, " %9s", "x " + reference.label));
    }

    /** Sorted per-request latencies and start times of one case. */
    public static final class Result {
        final String label;
        final long moduleBytes;
        final long[] sortedNanos;
        /** [0]: the first start after compiling; [1..]: warm starts, sorted. */
        final long[] startMicros;

        Result(String label, long moduleBytes, long[] sortedNanos, long[] startMicros) {
            this.label = label;
            this.moduleBytes = moduleBytes;
            this.sortedNanos = sortedNanos;
            this.startMicros = startMicros;
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

        /** The median of the warm starts. */
        public double startMedianMillis() {
            int warm = startMicros.length - 1;
            return startMicros[1 + warm / 2] / 1000.0;
        }

        public double firstStartMillis() {
            return startMicros[0] / 1000.0;
        }

        String format(Result first, Result reference) {
            return String.format(Locale.ROOT, "%-28s %10d %12.1f %12.1f %9.2f %10.2f %10.2f%s", label, moduleBytes,
                    medianMicros(), p99Micros(), medianMicros() / first.medianMicros(), startMedianMillis(),
                    firstStartMillis(), reference == null ? "" : String.format(Locale.ROOT, " %9.2f",
                    medianMicros() / reference.medianMicros()));
        }
    }
}
