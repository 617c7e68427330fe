package io.wasmjava.redis.resp;

import io.wasmjava.core.Utf8;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable RESP2 value: a reply decoded by {@link RespDecoder}, or a value to write with {@link RespEncoder}.
 *
 * <p>There is one final subclass per wire type: {@link RespSimpleString}, {@link RespError}, {@link RespInteger},
 * {@link RespBulkString} and {@link RespArray} (the two one-line types share the package-private base
 * {@code RespLine}). No other subclasses exist: the constructor is package-private. Values are built with the static
 * factories of this class.
 *
 * <p>The typed accessors ({@code asString}, {@code asLong}, {@code asBytes}, {@code asArray}, {@code errorMessage},
 * {@code errorPrefix}) never guess: each one names the types it accepts and throws {@link IllegalStateException}
 * ("expected … but was …") for any other type. This differs from Go's {@code tidwall/resp}, where
 * {@code Integer()} returns 0 for a non-numeric string and {@code String()} returns "" for a null bulk string.
 *
 * <p>Two nulls exist on the wire and are kept apart: the null bulk string {@code $-1\r\n} (a missing key) and the
 * null array {@code *-1\r\n} (for example a timed-out {@code BLPOP}). Neither equals its empty counterpart
 * ({@code $0\r\n\r\n}, {@code *0\r\n}).
 *
 * <p>{@link #equals} compares type and content (bytes for strings and errors, elements for arrays);
 * {@link #toString} is a debug form such as {@code *2[$3 "foo", :5]} and is not a wire encoding.
 */
public abstract class RespValue {

    /** How many bytes of a string {@link #toString} shows before it writes {@code ...}. */
    static final int DEBUG_MAX_BYTES = 64;

    RespValue() {
    }

    // ---- factories ----------------------------------------------------------------------------------------------

    /**
     * Returns the simple string {@code +text\r\n}.
     *
     * @throws IllegalArgumentException if {@code text} contains {@code \r} or {@code \n}, which RESP cannot carry in a
     *     simple string (use {@link #bulk(String)})
     */
    public static RespSimpleString simple(String text) {
        return new RespSimpleString(lineBytes(text, "simple string"));
    }

    /**
     * Returns the error {@code -message\r\n}. By convention the message starts with an upper-case code, as in
     * {@code ERR unknown command} or {@code NOSCRIPT No matching script}.
     *
     * @throws IllegalArgumentException if {@code message} contains {@code \r} or {@code \n}
     */
    public static RespError error(String message) {
        return new RespError(lineBytes(message, "error"));
    }

    /** Returns the integer {@code :value\r\n}. */
    public static RespInteger integer(long value) {
        return RespInteger.of(value);
    }

    /** Returns a bulk string holding the UTF-8 encoding of {@code text}. */
    public static RespBulkString bulk(String text) {
        return new RespBulkString(utf8(text));
    }

    /** Returns a bulk string holding a copy of {@code bytes}; later changes to the array do not affect the value. */
    public static RespBulkString bulk(byte[] bytes) {
        return new RespBulkString(bytes.clone());
    }

    /** Returns the null bulk string {@code $-1\r\n}, which is not equal to the empty bulk string {@code $0\r\n\r\n}. */
    public static RespBulkString nullBulk() {
        return RespBulkString.NULL;
    }

    /**
     * Returns an array of the given elements, in order; {@code array()} is the empty array {@code *0\r\n}.
     *
     * @throws IllegalArgumentException if an element is null (use {@link #nullBulk()} or {@link #nullArray()})
     */
    public static RespArray array(RespValue... elements) {
        return RespArray.copyOf(Arrays.asList(elements));
    }

    /**
     * Returns an array holding a copy of {@code elements}, in order.
     *
     * @throws IllegalArgumentException if an element is null (use {@link #nullBulk()} or {@link #nullArray()})
     */
    public static RespArray array(List<? extends RespValue> elements) {
        return RespArray.copyOf(elements);
    }

    /** Returns the null array {@code *-1\r\n}, which is not equal to the empty array {@code *0\r\n}. */
    public static RespArray nullArray() {
        return RespArray.NULL;
    }

    // ---- accessors ----------------------------------------------------------------------------------------------

    /** Returns the wire type of this value. */
    public abstract RespType type();

    /** Returns true for the null bulk string {@code $-1} and the null array {@code *-1}, false for everything else. */
    public boolean isNull() {
        return false;
    }

    /** Returns true if this is an error reply ({@code -...}). */
    public boolean isError() {
        return false;
    }

    /**
     * Returns this value as text: the UTF-8 decoding of a simple string, bulk string or error (malformed UTF-8 becomes
     * U+FFFD), or the decimal form of an integer.
     *
     * @return the text, or {@code null} for the null bulk string
     * @throws IllegalStateException if this is an array
     */
    public String asString() {
        throw wrongType("a simple string, bulk string, error or integer");
    }

    /**
     * Returns this value as a signed 64-bit integer: the value of an integer reply, or the parsed text of a simple or
     * bulk string that is an optional {@code -} followed by 1 to 19 decimal digits (as Redis sends for
     * {@code GET} of a counter). Unlike Go's {@code resp.Value.Integer()}, nothing silently becomes 0.
     *
     * @throws IllegalStateException if this is an error, an array, the null bulk string, or a string that is not a
     *     decimal integer in range
     */
    public long asLong() {
        throw wrongType("an integer or a numeric string");
    }

    /**
     * Returns this value as bytes: the content of a bulk string, the UTF-8 text of a simple string or error, or the
     * ASCII decimal form of an integer. The caller owns the returned array (it is a fresh copy).
     *
     * @return the bytes, or {@code null} for the null bulk string
     * @throws IllegalStateException if this is an array
     */
    public byte[] asBytes() {
        throw wrongType("a simple string, bulk string, error or integer");
    }

    /**
     * Returns the elements of an array as an unmodifiable list, in wire order.
     *
     * @return the elements, or {@code null} for the null array
     * @throws IllegalStateException if this is not an array
     */
    public List<RespValue> asArray() {
        throw wrongType("an array");
    }

    /**
     * Returns the full text of an error reply, for example {@code NOSCRIPT No matching script. Please use EVAL.}
     *
     * @throws IllegalStateException if this is not an error (check {@link #isError()} first)
     */
    public String errorMessage() {
        throw wrongType("an error");
    }

    /**
     * Returns the first word of an error reply: the error code by Redis convention, such as {@code ERR},
     * {@code NOSCRIPT}, {@code WRONGTYPE}, {@code WRONGPASS}, {@code NOAUTH}, {@code MOVED} or {@code BUSY}. The
     * word ends at the first space; an error without a space is returned whole, and an empty error gives "".
     *
     * @throws IllegalStateException if this is not an error (check {@link #isError()} first)
     */
    public String errorPrefix() {
        throw wrongType("an error");
    }

    // ---- package-private helpers --------------------------------------------------------------------------------

    /** Appends the debug form of this value (see {@link #toString}). */
    abstract void appendTo(StringBuilder out);

    @Override
    public final String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }

    final IllegalStateException wrongType(String expected) {
        return wrongType(expected, null);
    }

    final IllegalStateException wrongType(String expected, String reason) {
        String actual = toString();
        if (actual.length() > 2 * DEBUG_MAX_BYTES) {
            actual = actual.substring(0, 2 * DEBUG_MAX_BYTES) + "...";
        }
        return new IllegalStateException("expected " + expected + " but was " + describeType() + " " + actual
                + (reason == null ? "" : " (" + reason + ")"));
    }

    String describeType() {
        switch (type()) {
            case SIMPLE_STRING:
                return "simple string";
            case ERROR:
                return "error";
            case INTEGER:
                return "integer";
            case BULK_STRING:
                return isNull() ? "null bulk string" : "bulk string";
            default:
                return isNull() ? "null array" : "array";
        }
    }

    static byte[] utf8(String text) {
        return Utf8.encode(text);
    }

    static String fromUtf8(byte[] bytes) {
        return Utf8.decode(bytes);
    }

    private static byte[] lineBytes(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(what + " contains " + (c == '\r' ? "\\r" : "\\n") + " at index " + i
                        + " (expected: no CR or LF; use a bulk string for multi-line text)");
            }
        }
        return utf8(text);
    }

    /**
     * Appends {@code bytes[0..min(len, max))} with printable ASCII as is and everything else escaped
     * ({@code \r \n \t \" \\ \xNN}); appends {@code ...} after the closing quote if it stopped early.
     */
    static void appendEscaped(StringBuilder out, byte[] bytes, boolean quoted) {
        if (quoted) {
            out.append('"');
        }
        int shown = Math.min(bytes.length, DEBUG_MAX_BYTES);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r':
                    out.append("\\r");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '"':
                    out.append(quoted ? "\\\"" : "\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                default:
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        out.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xf]);
                    }
            }
        }
        if (quoted) {
            out.append('"');
        }
        if (shown < bytes.length) {
            out.append("...");
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
