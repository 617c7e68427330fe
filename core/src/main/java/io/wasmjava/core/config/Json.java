package io.wasmjava.core.config;

/**
 * A strict RFC 8259 JSON reader for plugin configuration.
 *
 * <p>Accepts exactly one JSON value, optionally surrounded by whitespace (space, tab, {@code \n}, {@code \r}), and
 * rejects with a {@link JsonSyntaxException}:
 *
 * <ul>
 *   <li>empty input, and anything after the value ("trailing garbage");
 *   <li>trailing commas, missing commas or colons, comments, single quotes, unquoted keys;
 *   <li>{@code NaN}, {@code Infinity}, leading {@code +}, leading zeros ({@code 01}), {@code .5}, {@code 5.}, {@code
 *       5e};
 *   <li>unescaped control characters (below U+0020) in strings, escapes other than the eight of RFC 8259 §7, and
 *       {@code \}{@code u} escapes without four hex digits;
 *   <li>unpaired surrogates, escaped ({@code "\}{@code ud800"}) or not: such a string cannot be encoded as UTF-8, so
 *       it could not be passed on to the host unchanged (RFC 8259 §8.2 leaves the choice to the parser);
 *   <li>for {@code byte[]} input, anything that is not well-formed UTF-8 (invalid bytes, overlong forms, encoded
 *       surrogates, code points above U+10FFFF, truncated sequences) and other encodings (UTF-16, UTF-32);
 *   <li>duplicate keys in one object, compared after unescaping: RFC 8259 leaves their meaning open, and the Higress
 *       console never writes them, so one is most likely a hand-editing mistake;
 *   <li>numbers whose exponent, or number of digits after the point minus the exponent, does not fit an {@code
 *       int} (e.g. {@code 1e9999999999}); RFC 8259 §9 allows such a limit, and it is the range of {@link
 *       java.math.BigDecimal};
 *   <li>arrays and objects nested deeper than the depth limit, {@value #DEFAULT_MAX_DEPTH} unless given: a top-level
 *       {@code [[1]]} has depth 2, a scalar depth 0;
 *   <li>more values (scalars, arrays and objects, counted at any depth) than the value limit,
 *       {@value #DEFAULT_MAX_VALUES} unless given: in a plugin's heap a parsed value takes a few dozen bytes, so the
 *       tree of a short document of many tiny values can outgrow the heap; {@code [[1]]} has 3 values.
 * </ul>
 *
 * <p>A leading UTF-8 byte order mark is skipped in {@code byte[]} input (RFC 8259 §8.1 allows it), but is an error
 * in a {@code String}, which is already decoded.
 *
 * <p>Parsing uses an explicit stack, not recursion, so no input causes a {@link StackOverflowError}. It needs memory
 * proportional to the input; there is no limit on the length of strings or numbers (the caller bounds the input).
 * {@code byte[]} input is parsed as it is, without a decoded copy: the values keep a reference to the array and
 * decode a string only when it is read (see {@link JsonValue}). A {@code String} is first encoded to UTF-8. Time is
 * linear in the input too: the keys of a large object are found through a hash with a per-VM random seed, so no
 * document can make its keys collide on purpose.
 */
public final class Json {
    /** The nesting depth limit used by {@link #parse(String)} and {@link #parse(byte[])}. */
    public static final int DEFAULT_MAX_DEPTH = 128;
    /** The value limit used unless one is given. */
    public static final int DEFAULT_MAX_VALUES = 100_000;

    private Json() {}

    /**
     * Parses {@code text} with the default depth limit.
     *
     * @throws JsonSyntaxException if {@code text} is not strict JSON; offsets count chars
     */
    public static JsonValue parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses {@code text}, allowing arrays and objects to nest {@code maxDepth} deep.
     *
     * @throws JsonSyntaxException if {@code text} is not strict JSON; offsets count chars
     * @throws IllegalArgumentException if {@code maxDepth} is negative
     */
    public static JsonValue parse(String text, int maxDepth) {
        return parse(text, maxDepth, DEFAULT_MAX_VALUES);
    }

    /**
     * Parses {@code text}, allowing arrays and objects to nest {@code maxDepth} deep and at most {@code maxValues}
     * values in all.
     *
     * @throws JsonSyntaxException if {@code text} is not strict JSON or is over a limit; offsets count chars
     * @throws IllegalArgumentException if {@code maxDepth} is negative or {@code maxValues} is not positive
     */
    public static JsonValue parse(String text, int maxDepth, int maxValues) {
        checkLimits(maxDepth, maxValues);
        // One parser for both inputs: the String as UTF-8, with unpaired surrogates kept for the parser to report.
        byte[] utf8 = io.wasmjava.core.Utf8.encodeGeneralized(text);
        return new JsonParser(utf8, 0, true, maxDepth, maxValues).parse();
    }

    /**
     * Parses UTF-8 encoded {@code utf8} with the default depth limit. The returned values refer to the array, which
     * must not change afterwards.
     *
     * @throws JsonSyntaxException if {@code utf8} is not well-formed UTF-8 or not strict JSON; offsets count bytes
     */
    public static JsonValue parse(byte[] utf8) {
        return parse(utf8, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses UTF-8 encoded {@code utf8}, allowing arrays and objects to nest {@code maxDepth} deep. The returned values
     * refer to the array, which must not change afterwards.
     *
     * @throws JsonSyntaxException if {@code utf8} is not well-formed UTF-8 or not strict JSON; offsets count bytes
     * @throws IllegalArgumentException if {@code maxDepth} is negative
     */
    public static JsonValue parse(byte[] utf8, int maxDepth) {
        return parse(utf8, maxDepth, DEFAULT_MAX_VALUES);
    }

    /**
     * Parses UTF-8 encoded {@code utf8}, allowing arrays and objects to nest {@code maxDepth} deep and at most
     * {@code maxValues} values in all. The returned values refer to the array (they decode strings from it when read),
     * which must not change afterwards.
     *
     * @throws JsonSyntaxException if {@code utf8} is not well-formed UTF-8, not strict JSON, or over a limit; offsets
     *     count bytes
     * @throws IllegalArgumentException if {@code maxDepth} is negative or {@code maxValues} is not positive
     */
    public static JsonValue parse(byte[] utf8, int maxDepth, int maxValues) {
        checkLimits(maxDepth, maxValues);
        int start = hasByteOrderMark(utf8) ? 3 : 0;
        // All of it first, so that invalid UTF-8 is reported as such wherever it is, and the parser can trust it.
        Utf8.validate(utf8, start);
        return new JsonParser(utf8, start, false, maxDepth, maxValues).parse();
    }

    private static boolean hasByteOrderMark(byte[] utf8) {
        return utf8.length >= 3 && utf8[0] == (byte) 0xEF && utf8[1] == (byte) 0xBB && utf8[2] == (byte) 0xBF;
    }

    private static void checkLimits(int maxDepth, int maxValues) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth < 0: " + maxDepth);
        }
        if (maxValues <= 0) {
            throw new IllegalArgumentException("maxValues <= 0: " + maxValues);
        }
    }
}
