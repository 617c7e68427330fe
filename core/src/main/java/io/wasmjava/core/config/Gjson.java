package io.wasmjava.core.config;

import io.wasmjava.core.Utf8;
import java.util.Collections;
import java.util.List;

/**
 * The conversions of gjson's {@code Result} (tidwall/gjson v1.18.0), through which Higress's Go plugins read every
 * configuration field ({@code json.Get("servicePort").Int()}, {@code .String()}, {@code .Array()}) and wasm-go reads
 * every {@code _match_*_} entry. They decide what Higress accepts: a number where a string is read is its text, a
 * string where a number is read is parsed or 0, {@code null} is present but reads as {@code ""}, 0 or an empty list,
 * and one value where a list is read is a list of one. Line numbers cite {@code gjson.go} at v1.18.0.
 *
 * <table>
 *   <caption>What each JSON value reads as</caption>
 *   <tr><th>value</th><th>{@link #string}</th><th>{@link #integer}</th><th>{@link #unsigned}</th>
 *       <th>{@link #bool}</th><th>{@link #array}</th></tr>
 *   <tr><td>{@code "abc"}, {@code "10"}</td><td>the text</td><td>{@code -?[0-9]+} parsed (wrapping), else 0</td>
 *       <td>{@code [0-9]+} parsed (wrapping), else 0</td><td>Go's {@code ParseBool}, case ignored</td>
 *       <td>itself</td></tr>
 *   <tr><td>{@code 102234}, {@code -5}</td><td>as written</td><td>itself</td><td>itself, 0 if negative</td>
 *       <td>non-zero</td><td>itself</td></tr>
 *   <tr><td>{@code 1.50}, {@code 1e3}</td><td>Go's {@code 'f'} format: {@code 1.5}, {@code 1000}</td>
 *       <td>truncated, saturating</td><td>truncated, saturating at 0 and 2^64-1</td><td>non-zero</td>
 *       <td>itself</td></tr>
 *   <tr><td>{@code true}/{@code false}</td><td>{@code true}/{@code false}</td><td>1/0</td><td>1/0</td>
 *       <td>itself</td><td>itself</td></tr>
 *   <tr><td>{@code null}, absent</td><td>{@code ""}</td><td>0</td><td>0</td><td>false</td><td>empty</td></tr>
 *   <tr><td>object, array</td><td>its JSON text</td><td>0</td><td>0</td><td>false</td>
 *       <td>an array's elements; an object alone</td></tr>
 * </table>
 *
 * <p>Every method takes a Java {@code null} for an absent member (gjson's zero {@code Result}, which reads like a
 * JSON {@code null}), so {@code Gjson.integer(object.member("port"))} is {@code json.Get("port").Int()}.
 * {@link GjsonReader} reads {@link ConfigNode}s this way and reports what a conversion changed.
 *
 * <p><b>Deliberate limits.</b> gjson parses a number into a {@code float64} ({@code strconv.ParseFloat}) and converts
 * that; this class works on the number's exact decimal value instead, without any floating-point arithmetic, because
 * TeaVM's {@code Double.parseDouble} and {@code Double.toString} would add about 75 KB to every module. The results
 * are Go's except in these cases, which no configuration a gateway reads is expected to hit:
 *
 * <ul>
 *   <li>{@link #string} of a number that is not plain digits is Go's for every number of at most 15 significant
 *       digits from 1e-308 to the largest {@code float64} (such a decimal is the shortest form of its nearest
 *       {@code float64}, DBL_DIG, so only its notation changes). Beyond that range it is {@code +Inf}/{@code -Inf}
 *       or {@code 0}/{@code -0} as in Go, decided exactly for up to 30 significant digits. Any other number (16 or
 *       more significant digits, or a subnormal one needing more digits than its {@code float64} holds) is written
 *       out exactly, without an exponent, where Go writes the shortest decimal of its {@code float64}:
 *       {@code 0.10000000000000001} here, {@code 0.1} in Go.
 *   <li>{@link #integer} and {@link #unsigned} of a number written with a fraction or exponent truncate its exact
 *       value. That is Go's result for up to 15 significant digits below 2^53; beyond 2^53 Go truncates the rounded
 *       {@code float64}, so the low digits can differ ({@code 1.23456789012345e18}: 1234567890123450000 here,
 *       1234567890123450112 in Go). Integers written as digits are exact at any size, wrapping as gjson's
 *       {@code parseInt} does beyond 64 bits.
 *   <li>{@link #bool} of a number is Go's for up to 30 significant digits (as in Go, a number of at most half
 *       the smallest {@code float64}, about 2.47e-324, parses to zero and is false).
 *   <li>{@link #string} of an object or array is its compact JSON ({@link JsonValue#toJson()}); gjson returns the
 *       source text, with its spacing and escapes.
 *   <li>{@code Float()} and {@code Map()} have no counterpart: no configuration the SDK's plugins read as Higress
 *       does uses them ({@link JsonValue#doubleValue()} and {@link JsonValue#keys()} serve instead).
 * </ul>
 *
 * <p>gjson's float-to-integer conversions saturate, as Go's {@code int64(f)} and {@code uint64(f)} do on Wasm (the
 * saturating truncation instructions). Time and memory are bounded by the number of digits written, whatever the
 * exponent ({@code 1e999999999} is read as quickly as {@code 1e9}).
 */
public final class Gjson {
    /** {@code 2^53 - 1}: inside it gjson converts the {@code float64} directly (gjson.go:2800-2807, safeInt). */
    private static final long MAX_SAFE_INTEGER = 9007199254740991L;
    /** {@code 2^64 - 1}, the largest {@code uint64}: unsigned conversions saturate at it. */
    private static final String MAX_UINT64 = "18446744073709551615";
    /**
     * The first 30 significant digits of {@code 2^1024 - 2^970} (times 10^308), the midpoint between the largest
     * {@code float64} and {@code 2^1024}: a larger number parses to infinity.
     */
    private static final String OVERFLOW_DIGITS = "179769313486231580793728971405";
    /**
     * The first 30 significant digits of {@code 2^-1075} (times 10^-324), half the smallest {@code float64}: a
     * number up to it parses to zero (a tie rounds to the even zero).
     */
    private static final String UNDERFLOW_DIGITS = "247032822920623272088284396434";
    private static final int OVERFLOW_EXPONENT = 308;
    private static final int UNDERFLOW_EXPONENT = -324;

    private Gjson() {
    }

    /**
     * {@code Result.String()} (gjson.go:72-100): a string as it is; {@code true}/{@code false}; a number that is an
     * optional minus and digits as written ({@code 102234}, {@code -0}), any other number as Go's
     * {@code strconv.FormatFloat(f, 'f', -1, 64)} ({@code 1.50} is {@code 1.5}, {@code 1e3} is {@code 1000},
     * {@code -0.0} is {@code -0}, {@code 1e400} is {@code +Inf}; see the class for the limits); an object or array
     * as its JSON text; {@code null} or absent ({@code value == null}) as {@code ""}.
     */
    public static String string(JsonValue value) {
        if (value == null) {
            return "";
        }
        // Here and below, comparisons instead of a switch: javac compiles a switch on an enum to a lookup class
        // ($SwitchMap), which costs about 1.2 KB of every module under TeaVM.
        JsonKind kind = value.kind();
        if (kind == JsonKind.STRING) {
            return value.stringValue();
        }
        if (kind == JsonKind.BOOLEAN) {
            return value.booleanValue() ? "true" : "false";
        }
        if (kind == JsonKind.NUMBER) {
            String text = value.numberText();
            return isInteger(text) ? text : formatFloat((NumberValue) value);
        }
        return kind == JsonKind.OBJECT || kind == JsonKind.ARRAY ? value.toJson() : "";
    }

    /**
     * {@code Result.Int()} (gjson.go:118-141): {@code true} is 1; a string is parsed as {@code -?[0-9]+} (wrapping
     * like Go's {@code int64} on overflow) or is 0; a number within {@code ±(2^53-1)} is truncated toward zero,
     * beyond it a number written as digits is parsed from its text (wrapping) and any other saturates to the range
     * of {@code long}; everything else, absent included, is 0.
     */
    public static long integer(JsonValue value) {
        if (value == null || value.kind() != JsonKind.NUMBER) {
            return notNumber(value, false);
        }
        long truncated = value.clampedLong(Long.MIN_VALUE, Long.MAX_VALUE);
        if (truncated >= -MAX_SAFE_INTEGER && truncated <= MAX_SAFE_INTEGER) {
            return truncated;
        }
        String text = value.numberText();
        return isInteger(text) ? parseInt(text) : truncated;
    }

    /**
     * {@code Result.Uint()} (gjson.go:144-167), as the 64 bits of a {@code uint64} (read them with
     * {@link Long#toUnsignedString(long)} or mask them): {@code true} is 1; a string is parsed as {@code [0-9]+}
     * (wrapping) or is 0; a non-negative number up to {@code 2^53-1} is truncated, a number written as digits is
     * parsed from its text (wrapping), a negative one is 0 and any other is truncated, saturating at
     * {@code 2^64-1}; everything else, absent included, is 0.
     */
    public static long unsigned(JsonValue value) {
        if (value == null || value.kind() != JsonKind.NUMBER) {
            return notNumber(value, true);
        }
        NumberValue number = (NumberValue) value;
        long truncated = value.clampedLong(Long.MIN_VALUE, Long.MAX_VALUE);
        if (truncated >= 0 && truncated <= MAX_SAFE_INTEGER) {
            return truncated;
        }
        String text = value.numberText();
        if (isDigits(text, 0)) {
            return parseUint(text);
        }
        if (truncated < 0 || number.hasMinusSign()) {
            return 0;
        }
        if (truncated < Long.MAX_VALUE) {
            return truncated;
        }
        // At least 2^63 - 1: the integer part has 19 or more digits. 10^20 is beyond 2^64 - 1.
        long lead = number.leadingExponent();
        if (lead >= MAX_UINT64.length()) {
            return -1L;
        }
        StringBuilder integer = new StringBuilder(MAX_UINT64.length());
        for (int i = 0; i <= lead; i++) {
            integer.append(i < number.digitCount() ? (char) ('0' + number.digit(i)) : '0');
        }
        String digits = integer.toString();
        boolean beyond = digits.length() == MAX_UINT64.length() && digits.compareTo(MAX_UINT64) > 0;
        return beyond ? -1L : parseUint(digits);
    }

    /** Int() and Uint() of what is not a number: {@code true} is 1, a string is parsed, the rest is 0. */
    private static long notNumber(JsonValue value, boolean unsigned) {
        if (value == null) {
            return 0;
        }
        if (value.kind() == JsonKind.BOOLEAN) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.kind() == JsonKind.STRING) {
            return unsigned ? parseUint(value.stringValue()) : parseInt(value.stringValue());
        }
        return 0;
    }

    /**
     * {@code Result.Bool()} (gjson.go:103-115): {@code true}; a string that Go's {@code strconv.ParseBool} reads as
     * true once lower-cased ({@code "1"}, {@code "t"}, {@code "true"}, in any case); a number whose {@code float64}
     * is not zero. Everything else, absent included, is false.
     */
    public static boolean bool(JsonValue value) {
        if (value == null) {
            return false;
        }
        JsonKind kind = value.kind();
        if (kind == JsonKind.BOOLEAN) {
            return value.booleanValue();
        }
        if (kind == JsonKind.STRING) {
            // Go lower-cases with strings.ToLower, which also maps non-ASCII letters, but none to a letter of a
            // ParseBool spelling: ASCII lower-casing decides the same.
            String lower = Utf8.lowerAscii(value.stringValue());
            return lower.equals("1") || lower.equals("t") || lower.equals("true");
        }
        return kind == JsonKind.NUMBER && !isFloatZero((NumberValue) value);
    }

    /**
     * {@code Result.Array()} (gjson.go:195-204): the elements of an array; nothing for {@code null} or absent; any
     * other value as a list of itself, so one object stands for a list of one. Unmodifiable.
     */
    public static List<JsonValue> array(JsonValue value) {
        if (value == null || value.isNull()) {
            return Collections.emptyList();
        }
        if (value.kind() != JsonKind.ARRAY) {
            return Collections.singletonList(value);
        }
        return value.elements();
    }

    /**
     * True if {@code text} is one of the spellings Go's {@code ParseBool} accepts once lower-cased ({@code 1},
     * {@code t}, {@code true}, {@code 0}, {@code f}, {@code false}, in any case): a string {@link #bool} reads
     * without losing its meaning.
     */
    static boolean isBoolText(String text) {
        String lower = Utf8.lowerAscii(text);
        return lower.equals("1") || lower.equals("t") || lower.equals("true") || lower.equals("0")
                || lower.equals("f") || lower.equals("false");
    }

    /** gjson's parseInt (gjson.go:2775-2796): {@code -?[0-9]+}, wrapping on overflow as Go's int64 does; else 0. */
    private static long parseInt(String text) {
        boolean negative = text.startsWith("-");
        if (!isDigits(text, negative ? 1 : 0)) {
            return 0;
        }
        long n = 0;
        for (int i = negative ? 1 : 0; i < text.length(); i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return negative ? -n : n;
    }

    /** gjson's parseUint (gjson.go:2760-2773): {@code [0-9]+}, wrapping modulo 2^64; else 0. */
    private static long parseUint(String text) {
        return isDigits(text, 0) ? parseInt(text) : 0;
    }

    /** True for {@code -?[0-9]+}: the number texts {@code String()} returns unchanged (gjson.go:83-92). */
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

    /**
     * {@code strconv.FormatFloat(f, 'f', -1, 64)} of the {@code float64} of {@code number} (gjson.go:87-90): the
     * decimal without an exponent, a zero keeping its sign, {@code ±Inf} beyond the range; see the class for the
     * limits.
     */
    private static String formatFloat(NumberValue number) {
        String sign = number.hasMinusSign() ? "-" : "";
        if (isFloatZero(number)) {
            return sign + "0";
        }
        long lead = number.leadingExponent();
        if (lead > OVERFLOW_EXPONENT || lead == OVERFLOW_EXPONENT && compareDigits(number, OVERFLOW_DIGITS) > 0) {
            return number.hasMinusSign() ? "-Inf" : "+Inf";
        }
        // Here -324 <= lead <= 308, so the text is at most a few hundred characters longer than the digits.
        int count = number.digitCount();
        StringBuilder out = new StringBuilder(sign.length() + count + (int) Math.abs(lead) + 3).append(sign);
        if (lead < 0) {
            out.append("0.");
            for (long k = lead + 1; k < 0; k++) {
                out.append('0');
            }
            appendDigits(out, number, 0, count);
            return out.toString();
        }
        int integerDigits = (int) lead + 1;
        for (int i = 0; i < integerDigits; i++) {
            out.append(i < count ? (char) ('0' + number.digit(i)) : '0');
        }
        if (count > integerDigits) {
            out.append('.');
            appendDigits(out, number, integerDigits, count);
        }
        return out.toString();
    }

    private static void appendDigits(StringBuilder out, NumberValue number, int from, int to) {
        for (int i = from; i < to; i++) {
            out.append((char) ('0' + number.digit(i)));
        }
    }

    /** True if the {@code float64} of {@code number} is zero: it is zero, or at most half the smallest float64. */
    private static boolean isFloatZero(NumberValue number) {
        if (number.digitCount() == 0) {
            return true;
        }
        long lead = number.leadingExponent();
        return lead < UNDERFLOW_EXPONENT
                || lead == UNDERFLOW_EXPONENT && compareDigits(number, UNDERFLOW_DIGITS) <= 0;
    }

    /**
     * Compares the significant digits of {@code number} with {@code bound}, both read as {@code d.ddd...} (missing
     * digits are zeros): negative, zero or positive as the number's are smaller, equal or larger.
     */
    private static int compareDigits(NumberValue number, String bound) {
        int count = number.digitCount();
        int length = Math.max(count, bound.length());
        for (int i = 0; i < length; i++) {
            int mine = i < count ? number.digit(i) : 0;
            int theirs = i < bound.length() ? bound.charAt(i) - '0' : 0;
            if (mine != theirs) {
                return mine - theirs;
            }
        }
        return 0;
    }
}
