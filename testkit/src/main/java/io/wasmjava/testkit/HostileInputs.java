package io.wasmjava.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Inputs from outside a plugin that a well-behaved host or client would not send: malformed and huge
 * configurations, header values with control bytes and extreme sizes, RESP that is not one well-formed reply, and
 * token-service bodies that are truncated or nested without end. Hand-written cases name the edge they probe;
 * generated cases come from a fixed seed, so every run (and every failure) is reproducible.
 *
 * <p>For a hostile-input suite: feed each input, then assert that the plugin neither trapped nor hung and that the
 * outcome is one a caller can act on (a refused configuration with a reason, a request allowed, answered or
 * rejected). Build header maps from them with {@code Headers.unchecked}: Envoy's codecs refuse some of these values,
 * and a plugin must survive them anyway. Header values are Java strings, so bytes that are not valid UTF-8 cannot be
 * expressed here; the kit's host encodes every header as UTF-8.
 */
public final class HostileInputs {
    /** The seed of every generated case. */
    public static final long SEED = 0x5eed_2026_1206L;

    private HostileInputs() {
    }

    /**
     * One hostile input: a name for test reports (its {@code toString}, so parameterized tests show it) and the value.
     *
     * @throws NullPointerException if an argument is null
     */
    public record Input<T>(String name, T value) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Configurations that are not valid JSON, or are JSON of the wrong shape for any plugin, or are huge. */
    public static List<Input<byte[]>> configurations() {
        List<Input<byte[]>> inputs = new ArrayList<>();
        text(inputs, "empty", "");
        text(inputs, "whitespace only", " \t\r\n");
        text(inputs, "null", "null");
        text(inputs, "a number", "42");
        text(inputs, "a string", "\"config\"");
        text(inputs, "an array", "[1, 2, 3]");
        text(inputs, "truncated object", "{\"a\": ");
        text(inputs, "truncated string", "{\"a\": \"abc");
        text(inputs, "trailing garbage", "{} {}");
        text(inputs, "single quotes", "{'a': 1}");
        text(inputs, "comment", "{/* c */}");
        text(inputs, "duplicate keys", "{\"a\": 1, \"a\": 2}");
        text(inputs, "unpaired surrogate escape", "{\"a\": \"\\ud800\"}");
        text(inputs, "bad escape", "{\"a\": \"\\x41\"}");
        text(inputs, "control character in string", "{\"a\": \"x\u0001y\"}");
        text(inputs, "NUL in string", "{\"a\": \"x\u0000y\"}");
        text(inputs, "huge integer", "{\"a\": 99999999999999999999999999999999999999}");
        text(inputs, "huge exponent", "{\"a\": 1e999999999999}");
        text(inputs, "negative huge exponent", "{\"a\": 1e-999999999999}");
        text(inputs, "minus alone", "{\"a\": -}");
        text(inputs, "leading zero", "{\"a\": 01}");
        text(inputs, "NaN", "{\"a\": NaN}");
        text(inputs, "arrays nested 100,000 deep", repeat("[", 100_000));
        text(inputs, "objects nested 10,000 deep", repeat("{\"a\":", 10_000) + "1" + repeat("}", 10_000));
        text(inputs, "a key of 1 MB", "{\"" + repeat("k", 1 << 20) + "\": 1}");
        text(inputs, "a string of 4 MB", "{\"a\": \"" + repeat("s", 4 << 20) + "\"}");
        text(inputs, "an array of 100,000 numbers", "{\"a\": [" + repeat("1,", 99_999) + "1]}");
        text(inputs, "10,000 keys", keys(10_000));
        bytes(inputs, "invalid UTF-8 in a string", concat(ascii("{\"a\": \""), new byte[] {(byte) 0xC3, 0x28},
                ascii("\"}")));
        bytes(inputs, "overlong UTF-8 slash", concat(ascii("{\"a\": \""), new byte[] {(byte) 0xC0, (byte) 0xAF},
                ascii("\"}")));
        bytes(inputs, "encoded surrogate", concat(ascii("{\"a\": \""),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ascii("\"}")));
        bytes(inputs, "UTF-16 byte order mark", concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, ascii("{}")));
        bytes(inputs, "UTF-8 byte order mark, then garbage", concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
                (byte) 0xBF}, new byte[] {(byte) 0xFF, (byte) 0xFE}));
        randomBytes(inputs, SEED, 24, 4096);
        return Collections.unmodifiableList(inputs);
    }

    /**
     * {@code count} corruptions of a configuration the plugin accepts: bytes flipped, deleted, duplicated or cut off,
     * so that most are near misses the parser and the plugin's own validation must reject with a reason.
     */
    public static List<Input<byte[]>> mutationsOf(String validConfiguration, int count) {
        byte[] valid = validConfiguration.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(SEED ^ valid.length);
        List<Input<byte[]>> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] mutated = valid.clone();
            int edits = 1 + random.nextInt(4);
            StringBuilder name = new StringBuilder("mutation #").append(i).append(':');
            for (int e = 0; e < edits && mutated.length > 0; e++) {
                int at = random.nextInt(mutated.length);
                switch (random.nextInt(5)) {
                    case 0:
                        mutated[at] = (byte) random.nextInt(256);
                        name.append(" flip@").append(at);
                        break;
                    case 1:
                        mutated = concat(Arrays.copyOf(mutated, at), Arrays.copyOfRange(mutated, at + 1,
                                mutated.length));
                        name.append(" delete@").append(at);
                        break;
                    case 2:
                        int end = Math.min(mutated.length, at + 1 + random.nextInt(16));
                        mutated = concat(Arrays.copyOf(mutated, end), Arrays.copyOfRange(mutated, at,
                                mutated.length));
                        name.append(" duplicate@").append(at);
                        break;
                    case 3:
                        mutated = Arrays.copyOf(mutated, at);
                        name.append(" cut@").append(at);
                        break;
                    default:
                        byte[] token = ascii(TOKENS[random.nextInt(TOKENS.length)]);
                        mutated = concat(Arrays.copyOf(mutated, at), token, Arrays.copyOfRange(mutated, at,
                                mutated.length));
                        name.append(" insert@").append(at);
                        break;
                }
            }
            inputs.add(new Input<>(name.toString(), mutated));
        }
        return Collections.unmodifiableList(inputs);
    }

    /** JSON fragments inserted by {@link #mutationsOf}: types swapped, extreme numbers, nesting. */
    private static final String[] TOKENS = {
        "null", "true", "-1", "0", "1e308", "-9223372036854775809", "99999999999999999999", "\"\"", "[]", "{}",
        "[[[[[[[[", "\"\\u0000\"", ",", ":", "\"regexp:(a+)+$\"", "\"*\"", "\"0.0.0.0/0\"", "\"::/0\""};

    /**
     * Header values a client can send (or a gateway pass on): control bytes, injection attempts, non-ASCII text,
     * lone surrogates (encoded as {@code ?} by the host) and sizes up to 1 MiB.
     */
    public static List<Input<String>> headerValues() {
        List<Input<String>> inputs = new ArrayList<>();
        value(inputs, "empty", "");
        value(inputs, "spaces", "   ");
        value(inputs, "tab", "\t");
        value(inputs, "NUL", "\u0000");
        value(inputs, "CR LF injection", "v\r\nx-injected: evil");
        value(inputs, "bare LF", "v\nw");
        value(inputs, "DEL", "\u007f");
        value(inputs, "non-ASCII", "é€😀");
        value(inputs, "replacement character", "\uFFFD");
        value(inputs, "lone high surrogate", "\ud800");
        value(inputs, "percent-encoded control bytes", "%00%0d%0a%ff");
        value(inputs, "path traversal", "../../etc/passwd");
        value(inputs, "star", "*");
        value(inputs, "regexp-looking", "regexp:(a+)+$");
        value(inputs, "IPv4 with junk", "1.2.3.4, ::ffff:1.2.3.4, 999.1.1.1, [::1]:80");
        value(inputs, "backtracking bait, 10 KB", repeat("a", 10_000) + "!");
        value(inputs, "64 KiB", repeat("v", 64 << 10));
        value(inputs, "1 MiB", repeat("w", 1 << 20));
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 16; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(512);
            for (int c = 0; c < length; c++) {
                value.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            value(inputs, "random characters #" + i + " (" + length + ")", value.toString());
        }
        return Collections.unmodifiableList(inputs);
    }

    /** Replies a Redis host call could carry that are not one well-formed RESP2 value, or are extreme ones. */
    public static List<Input<byte[]>> respReplies() {
        List<Input<byte[]>> inputs = new ArrayList<>();
        text(inputs, "empty", "");
        text(inputs, "no terminator", ":1");
        text(inputs, "bare LF", ":1\n");
        text(inputs, "unknown type", "?1\r\n");
        text(inputs, "integer overflow", ":99999999999999999999\r\n");
        text(inputs, "integer with junk", ":12a\r\n");
        text(inputs, "bulk length 2^31-1", "$2147483647\r\nabc\r\n");
        text(inputs, "bulk length 2^63", "$9223372036854775808\r\n");
        text(inputs, "bulk length -2", "$-2\r\n");
        text(inputs, "bulk shorter than its length", "$10\r\nabc\r\n");
        text(inputs, "bulk longer than its length", "$1\r\nabc\r\n");
        text(inputs, "array length -5", "*-5\r\n");
        text(inputs, "array length 2^31-1", "*2147483647\r\n:1\r\n");
        text(inputs, "array truncated", "*3\r\n:1\r\n:1\r\n");
        text(inputs, "arrays nested 100,000 deep", repeat("*1\r\n", 100_000) + ":1\r\n");
        text(inputs, "two values", ":1\r\n:2\r\n");
        text(inputs, "RESP3 map", "%1\r\n+a\r\n:1\r\n");
        text(inputs, "RESP3 null", "_\r\n");
        text(inputs, "error without message", "-\r\n");
        text(inputs, "script reply of strings", "*3\r\n$1\r\n3\r\n$1\r\n1\r\n$2\r\n60\r\n");
        text(inputs, "script reply of extremes", "*3\r\n:-9223372036854775808\r\n:9223372036854775807\r\n"
                + ":-9223372036854775808\r\n");
        text(inputs, "an array of 100,000 integers", "*100000\r\n" + repeat(":1\r\n", 100_000));
        randomBytes(inputs, SEED + 2, 16, 1024);
        return Collections.unmodifiableList(inputs);
    }

    /** HTTP bodies a JSON service could answer with that are not the JSON a plugin expects. */
    public static List<Input<byte[]>> jsonBodies() {
        List<Input<byte[]>> inputs = new ArrayList<>();
        text(inputs, "empty", "");
        text(inputs, "HTML error page", "<html><body>502 Bad Gateway</body></html>");
        text(inputs, "truncated", "{\"data\": {\"access_token\": \"tok");
        text(inputs, "wrong types", "{\"data\": {\"access_token\": 42, \"expires_in\": \"soon\"}}");
        text(inputs, "null token", "{\"data\": {\"access_token\": null}}");
        text(inputs, "array at the top", "[{\"data\": {}}]");
        text(inputs, "arrays nested 100,000 deep", repeat("[", 100_000));
        bytes(inputs, "invalid UTF-8", concat(ascii("{\"data\": {\"access_token\": \""),
                new byte[] {(byte) 0xFF, (byte) 0xFE}, ascii("\"}}")));
        randomBytes(inputs, SEED + 3, 8, 2048);
        return Collections.unmodifiableList(inputs);
    }

    /** {@code text} repeated {@code times} times. */
    public static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder(text.length() * times);
        for (int i = 0; i < times; i++) {
            out.append(text);
        }
        return out.toString();
    }

    private static String keys(int count) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return out.append('}').toString();
    }

    private static void text(List<Input<byte[]>> inputs, String name, String text) {
        inputs.add(new Input<>(name, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void bytes(List<Input<byte[]>> inputs, String name, byte[] bytes) {
        inputs.add(new Input<>(name, bytes));
    }

    /** Adds {@code count} arrays of random bytes, each shorter than {@code maxLength}, the same for the same seed. */
    private static void randomBytes(List<Input<byte[]>> inputs, long seed, int count, int maxLength) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] garbage = new byte[random.nextInt(maxLength)];
            random.nextBytes(garbage);
            bytes(inputs, "random bytes #" + i + " (" + garbage.length + " B)", garbage);
        }
    }

    private static void value(List<Input<String>> inputs, String name, String value) {
        inputs.add(new Input<>(name, value));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }
}
