package io.wasmjava.interop.probe;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Limits;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.SharedQueue;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.Json;

/**
 * Answers {@code 200} with the outcome of the probe named by header {@code x-probe}; operands come from header
 * {@code x-operand} so that TeaVM cannot fold them at compile time.
 */
public final class ProbePlugin {
    /** Arrays the {@code heap-keep} probe keeps reachable until {@code heap-release}. */
    private static final java.util.List<byte[]> kept = new java.util.ArrayList<>();

    private ProbePlugin() {
    }

    public static Plugin<?> definition() {
        return Plugin.builder("probe-plugin")
                // Bodies up to the heap's own size reach the handler: what the heap cannot hold is refused by the
                // SDK's heap check, not by this limit.
                .limits(Limits.newBuilder().maxBodyBytes(Integer.MAX_VALUE).build())
                .onRequestHeaders((http, config) -> {
                    String probe = http.requestHeader("x-probe");
                    if (probe == null) {
                        return HeaderStatus.CONTINUE;
                    }
                    String operand = http.requestHeader("x-operand");
                    int value = operand == null ? 0 : Integer.parseInt(operand);
                    http.sendLocalResponse(200, run(http, probe, value));
                    return HeaderStatus.CONTINUE;
                })
                .onRequestBody((http, config, body) -> {
                    http.sendLocalResponse(200, "body of " + body.length + " bytes");
                    return DataStatus.STOP_ITERATION_NO_BUFFER;
                })
                .build();
    }

    /**
     * Appends strings, nulls, objects and non-ASCII text to builders that must grow, and inserts into one: what the
     * compat plugin's {@code StringAppendFix} rewrites must give what Java gives. Public so that the test can compute
     * the expected text on the JVM.
     */
    public static String stringBuilding(int value) {
        String nothing = value < 0 ? "never" : null;
        Object object = value < 0 ? null : Integer.valueOf(value);
        StringBuilder builder = new StringBuilder(2);
        builder.append("ab").append(nothing).append("").append("é€😀").append(object).append((Object) null);
        for (int i = 0; i < value; i++) {
            builder.append("xyz").append(i);
        }
        builder.insert(1, "<>");
        StringBuffer buffer = new StringBuffer().append("sb:").append(nothing).append(object);
        return builder + "|" + builder.length() + "|" + buffer + "|" + "concat " + value + nothing + object;
    }

    /**
     * Registers shared queue {@code probe-queue} (its listener logs {@code queue <id>: [<entries>]}, all it
     * dequeues), enqueues {@code entry-<value>} on it as resolved by name, and reports both ids and how an unknown
     * name resolves.
     */
    private static String queue(HttpContext http, int value) {
        SharedQueue registered = http.plugin().registerSharedQueue("probe-queue", queue -> {
            java.util.List<String> entries = new java.util.ArrayList<>();
            for (byte[] entry = queue.dequeue(); entry != null; entry = queue.dequeue()) {
                entries.add(Utf8.decode(entry));
            }
            http.plugin().log().info("queue " + queue.id() + ": " + entries);
        });
        SharedQueue resolved = http.plugin().resolveSharedQueue("", "probe-queue");
        boolean enqueued = resolved.enqueue(Utf8.encode("entry-" + value));
        return "registered " + registered.id() + " resolved " + resolved.id() + " enqueued " + enqueued + " unknown "
                + http.plugin().resolveSharedQueue("", "no-such-queue");
    }

    private static String run(HttpContext http, String probe, int value) {
        try {
            switch (probe) {
                case "int-divide":
                    return Integer.toString(1000 / value);
                case "int-remainder":
                    return Integer.toString(1000 % value);
                case "long-divide":
                    return Long.toString(1000L / value);
                case "long-remainder":
                    return Long.toString(1000L % value);
                case "min-int-divide":
                    return Integer.toString(Integer.MIN_VALUE / value);
                case "min-long-divide":
                    return Long.toString(Long.MIN_VALUE / value);
                case "new-array":
                    return "length " + new int[value].length;
                case "new-matrix":
                    return "length " + new int[2][value].length;
                case "sqrt":
                    return Double.toString(Math.sqrt(value));
                case "nano-time":
                    return System.nanoTime() > 0 ? "positive" : "not positive";
                case "string-building":
                    return stringBuilding(value);
                case "heap-keep":
                    // A large live allocation, as a buffered body or a parsed configuration makes: the heap must grow
                    // to fit it up to its maximum.
                    kept.add(new byte[value]);
                    return "kept " + kept.size();
                case "heap-release":
                    kept.clear();
                    return "released";
                case "heap-churn":
                    // The allocation pattern of the first JSON reader, per parsed number: its text and digits kept,
                    // a builder thrown away between them. Survivors promoted in place between garbage leave a
                    // fragmented heap for the next collections (GcStorageFix).
                    java.util.List<Object> survivors = new java.util.ArrayList<>();
                    char[] source = {'1', '2', '3'};
                    for (int i = 0; i < value; i++) {
                        String text = new String(source, 0, 1 + i % 3);
                        StringBuilder all = new StringBuilder(text.length());
                        all.append(text);
                        String digits = all.substring(0, text.length());
                        survivors.add(new Object[] {text, digits});
                    }
                    return "churned " + survivors.size();
                case "json-array":
                    // Tens of thousands of small survivors (parsed values) between the parser's garbage: a
                    // fragmented heap whose free chunks the collector must all record (GcStorageFix).
                    StringBuilder array = new StringBuilder("[");
                    for (int i = 0; i < value; i++) {
                        array.append(i == 0 ? "1" : ",1");
                    }
                    byte[] json = Utf8.encode(array.append(']').toString());
                    return "parsed " + Json.parse(json, 8, Integer.MAX_VALUE).size();
                case "queue":
                    return queue(http, value);
                case "throw":
                    throw new IllegalStateException("probe asked to throw");
                default:
                    return "unknown probe " + probe;
            }
        } catch (ArithmeticException | NegativeArraySizeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
