package io.wasmjava.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value: an object, array, string, number, boolean or null (see {@link #kind()}).
 *
 * <p><b>Objects</b> keep their keys in insertion (source) order and never hold the same key twice; {@link
 * #keys()} returns them in that order. <b>Numbers</b> keep their source text exactly ({@link #numberText()}, {@link
 * #toJson()}), so nothing is rounded until a caller asks for a {@code long} ({@link #longValue()}, exact or an
 * exception) or a {@code double} ({@link #doubleValue()}, nearest). <b>Strings</b> are decoded and always well-formed
 * UTF-16 when they come from {@link Json}.
 *
 * <p>Equality is JSON equality: same kind; strings and booleans equal; numbers numerically equal ({@code 1}, {@code
 * 1.0}, {@code 10e-1} and {@code 1E0} are equal, and so are {@code 0} and {@code -0}); arrays equal element by element
 * in order; objects with the same keys mapped to equal values, in any order. {@link #hashCode()} agrees with it.
 *
 * <p>Accessors for one kind ({@link #stringValue()}, {@link #elements()}, ...) throw {@link IllegalStateException}
 * when called on another kind: check {@link #kind()} first, or read configuration through {@link ConfigNode}, which
 * reports wrong kinds as {@link ConfigException}s with a path.
 *
 * <p>No method recurses, so arbitrarily deep trees (which factories, unlike {@link Json}, allow) are safe to
 * serialize, compare and hash.
 */
public final class JsonValue {
    /** The JSON {@code null}. */
    public static final JsonValue NULL = new JsonValue(JsonKind.NULL, null, false);
    /** The JSON {@code true}. */
    public static final JsonValue TRUE = new JsonValue(JsonKind.BOOLEAN, null, true);
    /** The JSON {@code false}. */
    public static final JsonValue FALSE = new JsonValue(JsonKind.BOOLEAN, null, false);

    private final JsonKind kind;
    /** STRING: the decoded value. NUMBER: the source text. Otherwise null. */
    private final String text;
    private final boolean bool;
    /** ARRAY: the unmodifiable elements. Otherwise null. */
    private final List<JsonValue> elements;
    /** OBJECT: the unmodifiable keys in insertion order, and the members by key. Otherwise null. */
    private final List<String> keys;
    private final Map<String, JsonValue> members;
    /**
     * NUMBER: the value is {@code (negative ? -1 : 1) * digits * 10^exponent}, where {@code digits} has no leading or
     * trailing zeros. Zero is {@code digits == ""}, {@code exponent == 0}, {@code negative == false}.
     */
    private final String digits;
    private final long exponent;
    private final boolean negative;
    private final int hash;

    private JsonValue(JsonKind kind, String text, boolean bool) {
        this.kind = kind;
        this.text = text;
        this.bool = bool;
        this.elements = null;
        this.keys = null;
        this.members = null;
        this.digits = null;
        this.exponent = 0;
        this.negative = false;
        this.hash = kind == JsonKind.BOOLEAN ? (bool ? 1231 : 1237) : kind == JsonKind.STRING ? text.hashCode() : 0;
    }

    private JsonValue(String numberText, String digits, long exponent, boolean negative) {
        this.kind = JsonKind.NUMBER;
        this.text = numberText;
        this.bool = false;
        this.elements = null;
        this.keys = null;
        this.members = null;
        this.digits = digits;
        this.exponent = exponent;
        this.negative = negative;
        int h = 31 * digits.hashCode() + (int) (exponent ^ (exponent >>> 32));
        this.hash = negative ? ~h : h;
    }

    private JsonValue(List<JsonValue> elements) {
        this.kind = JsonKind.ARRAY;
        this.text = null;
        this.bool = false;
        this.elements = elements;
        this.keys = null;
        this.members = null;
        this.digits = null;
        this.exponent = 0;
        this.negative = false;
        int h = 1;
        for (int i = 0; i < elements.size(); i++) {
            h = 31 * h + elements.get(i).hash;
        }
        this.hash = h;
    }

    private JsonValue(List<String> keys, Map<String, JsonValue> members) {
        this.kind = JsonKind.OBJECT;
        this.text = null;
        this.bool = false;
        this.elements = null;
        this.keys = keys;
        this.members = members;
        this.digits = null;
        this.exponent = 0;
        this.negative = false;
        // Order-independent, like equals.
        int h = 0x0b1ec7;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            h += key.hashCode() ^ members.get(key).hash;
        }
        this.hash = h;
    }

    /** Returns {@link #TRUE} or {@link #FALSE}. */
    public static JsonValue bool(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * Returns a string value.
     *
     * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate, which {@link Json} would reject
     */
    public static JsonValue string(String value) {
        checkWellFormed(value, "string");
        return stringOf(value);
    }

    /** Wraps a string known to be well-formed. */
    static JsonValue stringOf(String value) {
        return new JsonValue(JsonKind.STRING, value, false);
    }

    /** Returns the number {@code value}, whose {@link #numberText()} is its decimal form, e.g. {@code -42}. */
    public static JsonValue number(long value) {
        return parsedNumber(Long.toString(value));
    }

    /**
     * Returns the number written as {@code jsonNumber}, which keeps that exact text.
     *
     * @throws IllegalArgumentException if {@code jsonNumber} is not an RFC 8259 number (no whitespace, no leading
     *     {@code +} or zeros, no {@code NaN}), or is out of the supported range (see {@link Json})
     */
    public static JsonValue number(String jsonNumber) {
        JsonValue value = null;
        try {
            value = Json.parse(jsonNumber, 0);
        } catch (JsonSyntaxException e) {
            // Reported below.
        }
        if (value == null || value.kind != JsonKind.NUMBER || !value.text.equals(jsonNumber)) {
            StringBuilder message = new StringBuilder("not a JSON number: ");
            appendQuoted(message, jsonNumber);
            throw new IllegalArgumentException(message.toString());
        }
        return value;
    }

    /**
     * Returns an array of {@code elements}, copied.
     *
     * @throws NullPointerException if an element is null (use {@link #NULL})
     */
    public static JsonValue array(List<JsonValue> elements) {
        ArrayList<JsonValue> copy = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            JsonValue element = elements.get(i);
            if (element == null) {
                throw new NullPointerException("element " + i);
            }
            copy.add(element);
        }
        return arrayOf(copy);
    }

    /**
     * Returns an object of {@code members}, copied, with the keys in the map's iteration order (so pass a {@link
     * java.util.LinkedHashMap} to control it).
     *
     * @throws NullPointerException if a key or value is null (use {@link #NULL} for a null value)
     * @throws IllegalArgumentException if a key holds an unpaired surrogate
     */
    public static JsonValue object(Map<String, JsonValue> members) {
        ArrayList<String> keys = new ArrayList<>(members.size());
        HashMap<String, JsonValue> copy = new HashMap<>();
        for (Map.Entry<String, JsonValue> entry : members.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new NullPointerException(entry.getKey() == null ? "key" : "value of " + entry.getKey());
            }
            checkWellFormed(entry.getKey(), "key");
            keys.add(entry.getKey());
            copy.put(entry.getKey(), entry.getValue());
        }
        return objectOf(keys, copy);
    }

    /** Wraps a list the caller no longer touches. */
    static JsonValue arrayOf(ArrayList<JsonValue> elements) {
        return new JsonValue(Collections.unmodifiableList(elements));
    }

    /** Wraps keys and members the caller no longer touches; {@code keys} lists each key of {@code members} once. */
    static JsonValue objectOf(ArrayList<String> keys, HashMap<String, JsonValue> members) {
        return new JsonValue(Collections.unmodifiableList(keys), members);
    }

    /**
     * Returns the number for {@code text}, which must match the RFC 8259 number grammar, or null if it is out of
     * range: its exponent, or the number of digits after the point minus the exponent (the scale), does not fit an
     * {@code int}. That is the range of {@link java.math.BigDecimal}, so every number accepted here is exactly
     * representable there.
     */
    static JsonValue parsedNumber(String text) {
        int length = text.length();
        int i = 0;
        boolean negative = text.charAt(0) == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < length && text.charAt(i) == '.') {
            fracStart = ++i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            fracEnd = i;
        }
        long writtenExponent = 0;
        if (i < length) {
            i++; // 'e' or 'E'
            boolean negativeExponent = false;
            if (text.charAt(i) == '+' || text.charAt(i) == '-') {
                negativeExponent = text.charAt(i) == '-';
                i++;
            }
            while (i < length - 1 && text.charAt(i) == '0') {
                i++;
            }
            if (length - i > 10) {
                return null;
            }
            for (; i < length; i++) {
                writtenExponent = writtenExponent * 10 + (text.charAt(i) - '0');
            }
            if (negativeExponent) {
                writtenExponent = -writtenExponent;
            }
            if (writtenExponent != (int) writtenExponent) {
                return null;
            }
        }
        long scale = (long) (fracEnd - fracStart) - writtenExponent;
        if (scale != (int) scale) {
            return null;
        }
        StringBuilder all = new StringBuilder(intEnd - intStart + fracEnd - fracStart);
        all.append(text, intStart, intEnd).append(text, fracStart, fracEnd);
        int first = 0;
        while (first < all.length() && all.charAt(first) == '0') {
            first++;
        }
        if (first == all.length()) {
            return new JsonValue(text, "", 0, false);
        }
        int last = all.length() - 1;
        while (all.charAt(last) == '0') {
            last--;
        }
        long exponent = -scale + (all.length() - 1 - last);
        return new JsonValue(text, all.substring(first, last + 1), exponent, negative);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Throws unless {@code s} is well-formed UTF-16, i.e. has a UTF-8 form. */
    private static void checkWellFormed(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i + " of " + what);
            }
        }
    }

    /** Returns the kind of this value. */
    public JsonKind kind() {
        return kind;
    }

    /** Returns true if this is the JSON {@code null}. */
    public boolean isNull() {
        return kind == JsonKind.NULL;
    }

    /**
     * Returns the decoded string.
     *
     * @throws IllegalStateException if this is not a string
     */
    public String stringValue() {
        requireKind(JsonKind.STRING);
        return text;
    }

    /**
     * Returns the boolean.
     *
     * @throws IllegalStateException if this is not a boolean
     */
    public boolean booleanValue() {
        requireKind(JsonKind.BOOLEAN);
        return bool;
    }

    /**
     * Returns the number exactly as written in the source, e.g. {@code 1.50E+3}.
     *
     * @throws IllegalStateException if this is not a number
     */
    public String numberText() {
        requireKind(JsonKind.NUMBER);
        return text;
    }

    /**
     * Returns true if this number is a mathematical integer, whatever its notation: {@code 3}, {@code 3.0}, {@code
     * 3e2} and {@code 1e400} are, {@code 3.5} and {@code 1e-2} are not.
     *
     * @throws IllegalStateException if this is not a number
     */
    public boolean isIntegral() {
        requireKind(JsonKind.NUMBER);
        return exponent >= 0;
    }

    /**
     * Returns this number as a {@code long}, exactly: {@code 1.0} and {@code 1e2} are fine, {@code 1.5} is not.
     *
     * @throws IllegalStateException if this is not a number
     * @throws ArithmeticException if the number is not {@linkplain #isIntegral() integral} or does not fit a {@code
     *     long}
     */
    public long longValue() {
        requireKind(JsonKind.NUMBER);
        if (exponent < 0) {
            throw new ArithmeticException("not an integer: " + text);
        }
        if (!fitsLong()) {
            throw new ArithmeticException("out of the range of long: " + text);
        }
        return exactLong();
    }

    /**
     * Returns this number rounded toward zero to an integer, then clamped to {@code [min, max]}: exact inside the
     * range, {@code min} or {@code max} beyond it, however large the number ({@code 99999999999999999999} and
     * {@code 1e400} give {@code max}; {@code -1e400} gives {@code min}; {@code 2.9} gives 2). Never throws for a
     * number: for values from outside (a token lifetime, a count) where "too large" should mean "the largest
     * allowed" rather than a failure. Time and memory are bounded by the number's significant digits, not by its
     * exponent.
     *
     * @throws IllegalStateException if this is not a number
     * @throws IllegalArgumentException if {@code min > max}
     */
    public long clampedLong(long min, long max) {
        requireKind(JsonKind.NUMBER);
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
        // Digits of the integer part: all of them when exponent >= 0, else those left of the decimal point.
        long integerDigits = digits.length() + exponent;
        long truncated;
        if (integerDigits <= 0) {
            truncated = 0;
        } else if (integerDigits > 19) {
            // At least 10^19, beyond any long.
            return negative ? min : max;
        } else {
            long magnitude = 0;
            boolean overflow = false;
            for (int i = 0; i < integerDigits; i++) {
                int digit = i < digits.length() ? digits.charAt(i) - '0' : 0;
                if (magnitude > (Long.MAX_VALUE - digit) / 10) {
                    overflow = true;
                    break;
                }
                magnitude = magnitude * 10 + digit;
            }
            if (overflow) {
                return negative ? min : max;
            }
            truncated = negative ? -magnitude : magnitude;
        }
        return Math.max(min, Math.min(max, truncated));
    }

    /** Returns true if this number is integral and fits a {@code long}. Requires a number. */
    boolean fitsLong() {
        if (exponent < 0) {
            return false;
        }
        if (digits.length() + exponent > 19) {
            return false;
        }
        try {
            exactLong();
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Returns the integral value of this number, which has at most 19 digits; throws if it overflows. */
    private long exactLong() {
        StringBuilder plain = new StringBuilder(20);
        if (negative) {
            plain.append('-');
        }
        plain.append(digits.isEmpty() ? "0" : digits);
        for (long i = 0; i < exponent; i++) {
            plain.append('0');
        }
        return Long.parseLong(plain.toString());
    }

    /**
     * Returns the {@code double} nearest to this number: infinite if it is beyond the range of {@code double}, and
     * zero if it is too small. The conversion is {@link Double#parseDouble}: correctly rounded on the JVM, but TeaVM
     * 0.13.1's is not, so compiled to Wasm a rare value comes out one ulp off (3 of 2,000 random 16-digit inputs in
     * our check) and the smallest subnormals may become zero. Use {@link #longValue()} or {@link #numberText()} where
     * exactness matters.
     *
     * @throws IllegalStateException if this is not a number
     */
    public double doubleValue() {
        requireKind(JsonKind.NUMBER);
        return Double.parseDouble(text);
    }

    /**
     * Returns the elements of this array, in order, as an unmodifiable list.
     *
     * @throws IllegalStateException if this is not an array
     */
    public List<JsonValue> elements() {
        requireKind(JsonKind.ARRAY);
        return elements;
    }

    /**
     * Returns the keys of this object in insertion order, as an unmodifiable list.
     *
     * @throws IllegalStateException if this is not an object
     */
    public List<String> keys() {
        requireKind(JsonKind.OBJECT);
        return keys;
    }

    /**
     * Returns true if this object has the member {@code key}, whatever its value (including {@code null}).
     *
     * @throws IllegalStateException if this is not an object
     */
    public boolean has(String key) {
        requireKind(JsonKind.OBJECT);
        return members.containsKey(key);
    }

    /**
     * Returns the value of the member {@code key}, or null (Java null, not {@link #NULL}) if there is none.
     *
     * @throws IllegalStateException if this is not an object
     */
    public JsonValue member(String key) {
        requireKind(JsonKind.OBJECT);
        return members.get(key);
    }

    /**
     * Returns the number of elements of an array or members of an object.
     *
     * @throws IllegalStateException if this is neither
     */
    public int size() {
        if (kind == JsonKind.ARRAY) {
            return elements.size();
        }
        requireKind(JsonKind.OBJECT);
        return keys.size();
    }

    /**
     * Returns a copy of this object without the member {@code key}, the other keys keeping their order; returns this
     * object itself if it has no such member.
     *
     * @throws IllegalStateException if this is not an object
     */
    public JsonValue withoutKey(String key) {
        requireKind(JsonKind.OBJECT);
        if (!members.containsKey(key)) {
            return this;
        }
        ArrayList<String> newKeys = new ArrayList<>(keys.size() - 1);
        HashMap<String, JsonValue> newMembers = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!k.equals(key)) {
                newKeys.add(k);
                newMembers.put(k, members.get(k));
            }
        }
        return objectOf(newKeys, newMembers);
    }

    /**
     * Returns this value as compact JSON: no whitespace, object keys in order, numbers as in their source text, and
     * strings escaped as needed ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, and {@code \}{@code u00XX} for other
     * control characters); other characters, including non-ASCII, are written as is. {@link Json} parses the result
     * to a value equal to this one (given a deep enough depth limit).
     */
    public String toJson() {
        StringBuilder out = new StringBuilder();
        // Explicit stack of open containers and how many of their children are written.
        ArrayList<JsonValue> open = new ArrayList<>();
        int[] written = new int[8];
        JsonValue next = this;
        while (true) {
            if (next != null) {
                if (next.kind == JsonKind.ARRAY || next.kind == JsonKind.OBJECT) {
                    out.append(next.kind == JsonKind.ARRAY ? '[' : '{');
                    if (open.size() == written.length) {
                        int[] grown = new int[written.length * 2];
                        System.arraycopy(written, 0, grown, 0, written.length);
                        written = grown;
                    }
                    written[open.size()] = 0;
                    open.add(next);
                } else {
                    next.appendScalar(out);
                }
                next = null;
            }
            int top = open.size() - 1;
            if (top < 0) {
                return out.toString();
            }
            JsonValue container = open.get(top);
            int index = written[top];
            if (index == container.size()) {
                out.append(container.kind == JsonKind.ARRAY ? ']' : '}');
                open.remove(top);
                continue;
            }
            if (index > 0) {
                out.append(',');
            }
            written[top] = index + 1;
            if (container.kind == JsonKind.ARRAY) {
                next = container.elements.get(index);
            } else {
                String key = container.keys.get(index);
                appendQuoted(out, key);
                out.append(':');
                next = container.members.get(key);
            }
        }
    }

    private void appendScalar(StringBuilder out) {
        switch (kind) {
            case STRING:
                appendQuoted(out, text);
                break;
            case NUMBER:
                out.append(text);
                break;
            case BOOLEAN:
                out.append(bool ? "true" : "false");
                break;
            default:
                out.append("null");
                break;
        }
    }

    /**
     * Appends {@code s} as a JSON string literal. Unpaired surrogates, which values never hold but paths built from
     * a plugin's keys might, are escaped so the text always has a UTF-8 form.
     */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        appendUnicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // Unpaired: has no UTF-8 encoding, so only an escape survives a round trip through bytes.
                        appendUnicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            out.append("0123456789abcdef".charAt((c >> shift) & 0xf));
        }
    }

    private void requireKind(JsonKind expected) {
        if (kind != expected) {
            throw new IllegalStateException(
                    "expected " + expected.displayName() + " but was " + kind.displayName());
        }
    }

    /** Compares by JSON equality; see the class documentation. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof JsonValue)) {
            return false;
        }
        // Explicit stack of pairs still to compare.
        ArrayList<JsonValue> pending = new ArrayList<>();
        pending.add(this);
        pending.add((JsonValue) other);
        while (!pending.isEmpty()) {
            JsonValue b = pending.remove(pending.size() - 1);
            JsonValue a = pending.remove(pending.size() - 1);
            if (a == b) {
                continue;
            }
            if (a.kind != b.kind || a.hash != b.hash) {
                return false;
            }
            switch (a.kind) {
                case STRING:
                    if (!a.text.equals(b.text)) {
                        return false;
                    }
                    break;
                case NUMBER:
                    if (a.negative != b.negative || a.exponent != b.exponent || !a.digits.equals(b.digits)) {
                        return false;
                    }
                    break;
                case BOOLEAN:
                    if (a.bool != b.bool) {
                        return false;
                    }
                    break;
                case ARRAY:
                    if (a.elements.size() != b.elements.size()) {
                        return false;
                    }
                    for (int i = 0; i < a.elements.size(); i++) {
                        pending.add(a.elements.get(i));
                        pending.add(b.elements.get(i));
                    }
                    break;
                case OBJECT:
                    if (a.keys.size() != b.keys.size()) {
                        return false;
                    }
                    for (int i = 0; i < a.keys.size(); i++) {
                        String key = a.keys.get(i);
                        JsonValue bValue = b.members.get(key);
                        if (bValue == null) {
                            return false;
                        }
                        pending.add(a.members.get(key));
                        pending.add(bValue);
                    }
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Returns {@link #toJson()}. Beware that it includes every value, secrets too. */
    @Override
    public String toString() {
        return toJson();
    }
}
