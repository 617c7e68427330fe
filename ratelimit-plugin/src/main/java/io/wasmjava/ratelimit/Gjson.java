package io.wasmjava.ratelimit;

import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.Collections;
import java.util.List;

/**
 * The conversions of gjson's {@code Result} (tidwall/gjson v1.18.0, the version Higress's
 * {@code cluster-key-rate-limit/go.mod} pins), through which Higress reads every configuration field. They decide what
 * Higress accepts: a number where a string is read is its text, a string where a number is read is parsed or 0, and
 * {@code null} counts as present. Line numbers cite {@code gjson.go} at v1.18.0.
 *
 * <p>A {@code null} argument stands for an absent member (gjson's zero {@code Result}); {@link JsonValue#NULL} for a
 * JSON {@code null}. gjson converts numbers through the {@code float64} it parses them into, and Go's float-to-integer
 * conversions saturate (Go's Wasm port uses the saturating truncation instructions). Here numbers are converted from
 * their exact decimal value instead (truncated toward zero and saturated: {@link JsonValue#clampedLong}), which gives
 * the same result unless a number needs 17 or more significant digits to tell it from an integer
 * ({@code 0.99999999999999999} is 1 as a {@code float64}, 0 here); see {@link GoDecimal} for printing.
 */
final class Gjson {
    /** {@code 2^53 - 1}: inside it gjson converts the {@code float64} (gjson.go:2800, safeInt). */
    private static final long MAX_SAFE_INTEGER = 9007199254740991L;
    /** {@code 2^64 - 1}, the largest {@code uint64}: unsigned conversions saturate at it. */
    private static final String MAX_UINT64 = "18446744073709551615";

    private Gjson() {
    }

    /**
     * {@code Result.String()} (gjson.go:72): a string as it is, {@code true}/{@code false}, an integer as written, any
     * other number as Go's {@code strconv.FormatFloat(n, 'f', -1, 64)}, an object or array as its JSON text (compact
     * here, as written in Higress: the only difference is whitespace), {@code null} or absent as {@code ""}.
     */
    static String string(JsonValue value) {
        if (value == null) {
            return "";
        }
        switch (value.kind()) {
            case STRING:
                return value.stringValue();
            case BOOLEAN:
                return value.booleanValue() ? "true" : "false";
            case NUMBER: {
                String text = value.numberText();
                return isInteger(text) ? text : GoDecimal.formatF(text);
            }
            case OBJECT:
            case ARRAY:
                return value.toJson();
            default:
                return "";
        }
    }

    /**
     * {@code Result.Int()} (gjson.go:118): {@code true} is 1; a string is parsed as {@code -?[0-9]+} (wrapping like
     * Go's {@code int64} on overflow) or is 0; a number within {@code ±(2^53-1)} is truncated toward zero, beyond it an
     * integer is parsed from its text and anything else saturates; everything else is 0.
     */
    static long integer(JsonValue value) {
        if (value == null || value.kind() != JsonKind.NUMBER) {
            return notNumber(value, false);
        }
        String text = value.numberText();
        long number = value.clampedLong(Long.MIN_VALUE, Long.MAX_VALUE);
        if (number >= -MAX_SAFE_INTEGER && number <= MAX_SAFE_INTEGER) {
            return number;
        }
        return isInteger(text) ? parseInt(text) : number;
    }

    /**
     * {@code Result.Uint()} (gjson.go:144), as the bits of a {@code uint64}: a string is parsed as {@code [0-9]+}
     * (wrapping) or is 0; a number that is a safe non-negative integer is converted, else its text is parsed as digits,
     * else it saturates to {@code [0, 2^64-1]}; {@code true} is 1; everything else is 0.
     */
    static long unsigned(JsonValue value) {
        if (value == null || value.kind() != JsonKind.NUMBER) {
            return notNumber(value, true);
        }
        String text = value.numberText();
        long number = value.clampedLong(Long.MIN_VALUE, Long.MAX_VALUE);
        if (number >= 0 && number <= MAX_SAFE_INTEGER) {
            return number;
        }
        if (isDigits(text, 0)) {
            return parseUint(text);
        }
        if (number < 0 || text.startsWith("-")) {
            return 0;
        }
        // uint64(f), saturating: the integer part, or 2^64 - 1 beyond it.
        String integer = GoDecimal.parse(text).integerDigits();
        boolean beyond = integer.length() > MAX_UINT64.length()
                || integer.length() == MAX_UINT64.length() && integer.compareTo(MAX_UINT64) > 0;
        return beyond ? -1L : parseUint(integer);
    }

    /** Int() and Uint() of what is not a number: {@code true} is 1, a string is parsed, the rest is 0. */
    private static long notNumber(JsonValue value, boolean unsigned) {
        if (value == null) {
            return 0;
        }
        switch (value.kind()) {
            case BOOLEAN:
                return value.booleanValue() ? 1 : 0;
            case STRING:
                return unsigned ? parseUint(value.stringValue()) : parseInt(value.stringValue());
            default:
                return 0;
        }
    }

    /**
     * {@code Result.Bool()} (gjson.go:103): {@code true}; a string that Go's {@code strconv.ParseBool} reads as true
     * once lower-cased ({@code "1"}, {@code "t"}, {@code "true"}, in any case); a non-zero number. Everything else is
     * false.
     */
    static boolean bool(JsonValue value) {
        if (value == null) {
            return false;
        }
        switch (value.kind()) {
            case BOOLEAN:
                return value.booleanValue();
            case STRING: {
                String lower = lowerAscii(value.stringValue());
                return lower.equals("1") || lower.equals("t") || lower.equals("true");
            }
            case NUMBER:
                return !GoDecimal.parse(value.numberText()).isFloatZero();
            default:
                return false;
        }
    }

    /** True if {@code text} is one of the spellings Go's ParseBool reads (case ignored): its meaning is kept. */
    static boolean isBoolText(String text) {
        String lower = lowerAscii(text);
        return lower.equals("1") || lower.equals("t") || lower.equals("true") || lower.equals("0")
                || lower.equals("f") || lower.equals("false");
    }

    /**
     * {@code Result.Array()} (gjson.go:195): the elements of an array; nothing for {@code null} or absent; any other
     * value as a list of itself, so one object stands for a list of one.
     */
    static List<JsonValue> array(JsonValue value) {
        if (value == null || value.isNull()) {
            return Collections.emptyList();
        }
        if (value.kind() != JsonKind.ARRAY) {
            return Collections.singletonList(value);
        }
        return value.elements();
    }

    /** gjson's parseInt (gjson.go:2775): {@code -?[0-9]+}, wrapping on overflow as Go's int64 does; else 0. */
    static long parseInt(String text) {
        boolean negative = text.startsWith("-");
        int start = negative ? 1 : 0;
        if (!isDigits(text, start)) {
            return 0;
        }
        long n = 0;
        for (int i = start; i < text.length(); i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return negative ? -n : n;
    }

    /** gjson's parseUint (gjson.go:2760): {@code [0-9]+}, wrapping modulo 2^64; else 0. */
    static long parseUint(String text) {
        if (!isDigits(text, 0)) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    /** True for {@code -?[0-9]+}: the number texts {@code String()} returns unchanged (gjson.go:80-89). */
    static boolean isInteger(String text) {
        return isDigits(text, text.startsWith("-") ? 1 : 0);
    }

    private static boolean isDigits(String text, int start) {
        if (start >= text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with ASCII letters in lower case; other characters unchanged. */
    static String lowerAscii(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? text : out.toString();
    }
}
