package io.wasmjava.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The replies {@link RespDecodeBenchmark} decodes, as a Redis server sends them. Each is one complete RESP2 value;
 * the contents are fixed (a seeded generator), so every run decodes the same bytes.
 */
public final class RespCorpus {
    /** Every corpus name, in the order of the report; {@link RespDecodeBenchmark}'s {@code @Param} lists the same. */
    public static final List<String> NAMES = List.of("script_reply", "integer", "error", "bulk_16", "bulk_1k",
            "bulk_64k", "array_100_bulks", "nested");

    private RespCorpus() {
    }

    /**
     * The reply called {@code name}:
     * <ul>
     *   <li>{@code script_reply}: the rate-limit script's {@code *3 :threshold :current :ttl};</li>
     *   <li>{@code integer}: an {@code INCR} reply; {@code error}: a {@code WRONGTYPE} error;</li>
     *   <li>{@code bulk_16}, {@code bulk_1k}, {@code bulk_64k}: {@code GET} replies of 16 B, 1 KiB and 64 KiB;</li>
     *   <li>{@code array_100_bulks}: an {@code MGET}/{@code LRANGE} reply of 100 bulk strings of 24 bytes;</li>
     *   <li>{@code nested}: an {@code XRANGE} reply, 10 entries of {@code [id, [field, value, field, value]]}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static byte[] of(String name) {
        Random random = new Random(42);
        switch (name) {
            case "script_reply":
                return ascii("*3\r\n:100\r\n:42\r\n:57\r\n");
            case "integer":
                return ascii(":1234567890\r\n");
            case "error":
                return ascii("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
            case "bulk_16":
                return bulk(text(random, 16));
            case "bulk_1k":
                return bulk(text(random, 1024));
            case "bulk_64k":
                return bulk(text(random, 64 * 1024));
            case "array_100_bulks": {
                StringBuilder out = new StringBuilder("*100\r\n");
                for (int i = 0; i < 100; i++) {
                    out.append(bulkText(text(random, 24)));
                }
                return ascii(out.toString());
            }
            case "nested": {
                StringBuilder out = new StringBuilder("*10\r\n");
                for (int i = 0; i < 10; i++) {
                    out.append("*2\r\n").append(bulkText("1700000000000-" + i)).append("*4\r\n")
                            .append(bulkText("user")).append(bulkText(text(random, 12)))
                            .append(bulkText("action")).append(bulkText(text(random, 20)));
                }
                return ascii(out.toString());
            }
            default:
                throw new IllegalArgumentException("unknown corpus " + name + " (expected one of " + NAMES + ")");
        }
    }

    private static String text(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('!' + random.nextInt(94)));
        }
        return out.toString();
    }

    private static String bulkText(String content) {
        return "$" + content.length() + "\r\n" + content + "\r\n";
    }

    private static byte[] bulk(String content) {
        return ascii(bulkText(content));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
