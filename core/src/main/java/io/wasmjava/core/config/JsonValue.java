package io.wasmjava.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value: an object, array, string, number, boolean or null (see {@link #kind()}).
 *
 * <p><b>Objects</b> keep their keys in insertion (source) order and never hold the same key twice; {@link
 * #keys()} returns them in that order. <b>Numbers</b> keep their source text exactly ({@link #numberText()}, {@link
 * #toJson()}), so nothing is rounded until a caller asks for a {@code long} ({@link #longValue()}, exact or an
 * exception) or a {@code double} ({@link #doubleValue()}, nearest). <b>Strings</b> are always well-formed UTF-16 when
 * they come from {@link Json}.
 *
 * <p><b>Memory.</b> Values parsed by {@link Json} keep a reference to the UTF-8 they were parsed from rather than
 * copies of their text: a string without escapes is decoded when {@link #stringValue()} is first called (then kept),
 * and a number's text and digits are read from the source when needed. So a parsed document costs its source bytes
 * plus a few dozen bytes per value, whatever the length of its strings, and a string that is never read is never
 * decoded. Strings with escapes are decoded while parsing. The flip side: any value kept keeps the whole source array
 * alive, so to keep a small part of a large document, keep what its accessors return (a {@code String}, a {@code
 * long}) rather than the value.
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
 *
 * <p>The subclasses, one per kind, are private to this package and hold only data: the methods here check the kind
 * and read the data of that kind's subclass. (Overriding would need, under TeaVM, one more function per accessor and
 * indirect calls.)
 */
public abstract class JsonValue {
    /** The JSON {@code null}. */
    public static final JsonValue NULL = new LiteralValue(JsonKind.NULL);
    /** The JSON {@code true}. */
    public static final JsonValue TRUE = new LiteralValue(JsonKind.BOOLEAN);
    /** The JSON {@code false}. */
    public static final JsonValue FALSE = new LiteralValue(JsonKind.BOOLEAN);

    /**
     * The chars with a two-char escape (RFC 8259 §7) and, at the same index, the letter after the backslash: the
     * parser reads all eight, {@link #appendQuoted} writes all but {@code \/}.
     */
    static final String SHORT_ESCAPED = "\"\\\b\f\n\r\t/";
    static final String SHORT_ESCAPE_LETTERS = "\"\\bfnrt/";

    private final JsonKind kind;
    /**
     * The hash, computed when first asked for (so parsing computes none, and a string need not be decoded to be
     * parsed): 0 until then, and a computed 0 is stored as 1.
     */
    private int hash;

    JsonValue(JsonKind kind) {
        this.kind = kind;
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
        return new StringValue(value);
    }

    /** Returns the number {@code value}, whose {@link #numberText()} is its decimal form, e.g. {@code -42}. */
    public static JsonValue number(long value) {
        byte[] text = io.wasmjava.core.Utf8.encode(Long.toString(value));
        return NumberValue.parse(text, 0, text.length);
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
        if (value == null || value.kind != JsonKind.NUMBER || !value.numberText().equals(jsonNumber)) {
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
        JsonValue[] copy = new JsonValue[elements.size()];
        for (int i = 0; i < copy.length; i++) {
            JsonValue element = elements.get(i);
            if (element == null) {
                throw new NullPointerException("element " + i);
            }
            copy[i] = element;
        }
        return new ArrayValue(copy);
    }

    /**
     * Returns an object of {@code members}, copied, with the keys in the map's iteration order (so pass a {@link
     * java.util.LinkedHashMap} to control it).
     *
     * @throws NullPointerException if a key or value is null (use {@link #NULL} for a null value)
     * @throws IllegalArgumentException if a key holds an unpaired surrogate
     */
    public static JsonValue object(Map<String, JsonValue> members) {
        String[] keys = new String[members.size()];
        JsonValue[] values = new JsonValue[keys.length];
        int n = 0;
        for (Map.Entry<String, JsonValue> entry : members.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new NullPointerException(entry.getKey() == null ? "key" : "value of " + entry.getKey());
            }
            checkWellFormed(entry.getKey(), "key");
            keys[n] = entry.getKey();
            values[n] = entry.getValue();
            n++;
        }
        return ObjectValue.of(keys, values);
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
    public final JsonKind kind() {
        return kind;
    }

    /** Returns true if this is the JSON {@code null}. */
    public final boolean isNull() {
        return kind == JsonKind.NULL;
    }

    /**
     * Returns the decoded string.
     *
     * @throws IllegalStateException if this is not a string
     */
    public final String stringValue() {
        requireKind(JsonKind.STRING);
        return ((StringValue) this).text();
    }

    /**
     * Returns the boolean.
     *
     * @throws IllegalStateException if this is not a boolean
     */
    public final boolean booleanValue() {
        requireKind(JsonKind.BOOLEAN);
        return this == TRUE;
    }

    /**
     * Returns the number exactly as written in the source, e.g. {@code 1.50E+3}.
     *
     * @throws IllegalStateException if this is not a number
     */
    public final String numberText() {
        return asNumber().text();
    }

    /**
     * Returns true if this number is a mathematical integer, whatever its notation: {@code 3}, {@code 3.0}, {@code
     * 3e2} and {@code 1e400} are, {@code 3.5} and {@code 1e-2} are not.
     *
     * @throws IllegalStateException if this is not a number
     */
    public final boolean isIntegral() {
        return asNumber().isWhole();
    }

    /**
     * Returns this number as a {@code long}, exactly: {@code 1.0} and {@code 1e2} are fine, {@code 1.5} is not.
     *
     * @throws IllegalStateException if this is not a number
     * @throws ArithmeticException if the number is not {@linkplain #isIntegral() integral} or does not fit a {@code
     *     long}
     */
    public final long longValue() {
        NumberValue number = asNumber();
        if (!number.isWhole()) {
            throw new ArithmeticException("not an integer: " + number.text());
        }
        if (!number.fitsInLong()) {
            throw new ArithmeticException("out of the range of long: " + number.text());
        }
        return number.toLong();
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
    public final long clampedLong(long min, long max) {
        NumberValue number = asNumber();
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
        return number.clamp(min, max);
    }

    /** Returns true if this number is integral and fits a {@code long}. Requires a number. */
    final boolean fitsLong() {
        return asNumber().fitsInLong();
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
    public final double doubleValue() {
        return Double.parseDouble(asNumber().text());
    }

    /**
     * Returns the elements of this array, in order, as an unmodifiable list.
     *
     * @throws IllegalStateException if this is not an array
     */
    public final List<JsonValue> elements() {
        requireKind(JsonKind.ARRAY);
        return listOf(children());
    }

    /**
     * Returns the keys of this object in insertion order, as an unmodifiable list.
     *
     * @throws IllegalStateException if this is not an object
     */
    public final List<String> keys() {
        return listOf(asObject().keys);
    }

    /**
     * Returns true if this object has the member {@code key}, whatever its value (including {@code null}).
     *
     * @throws IllegalStateException if this is not an object
     */
    public final boolean has(String key) {
        return asObject().position(key) >= 0;
    }

    /**
     * Returns the value of the member {@code key}, or null (Java null, not {@link #NULL}) if there is none.
     *
     * @throws IllegalStateException if this is not an object
     */
    public final JsonValue member(String key) {
        ObjectValue object = asObject();
        int position = object.position(key);
        return position < 0 ? null : object.values[position];
    }

    /**
     * Returns the number of elements of an array or members of an object.
     *
     * @throws IllegalStateException if this is neither
     */
    public final int size() {
        if (kind != JsonKind.ARRAY) {
            requireKind(JsonKind.OBJECT);
        }
        return children().length;
    }

    /**
     * Returns a copy of this object without the member {@code key}, the other keys keeping their order; returns this
     * object itself if it has no such member.
     *
     * @throws IllegalStateException if this is not an object
     */
    public final JsonValue withoutKey(String key) {
        return asObject().without(key);
    }

    private NumberValue asNumber() {
        requireKind(JsonKind.NUMBER);
        return (NumberValue) this;
    }

    private ObjectValue asObject() {
        requireKind(JsonKind.OBJECT);
        return (ObjectValue) this;
    }

    /** Returns the elements of an array or the member values of an object, in order; null for a scalar. */
    private JsonValue[] children() {
        // Here and below, comparisons instead of a switch: javac compiles a switch on an enum to a lookup class
        // ($SwitchMap), which costs about 1.2 KB of every module under TeaVM.
        if (kind == JsonKind.ARRAY) {
            return ((ArrayValue) this).elements;
        }
        return kind == JsonKind.OBJECT ? ((ObjectValue) this).values : null;
    }

    private void appendScalar(StringBuilder out) {
        if (kind == JsonKind.STRING) {
            appendQuoted(out, ((StringValue) this).text());
        } else if (kind == JsonKind.NUMBER) {
            ((NumberValue) this).appendTo(out);
        } else if (kind == JsonKind.BOOLEAN) {
            out.append(this == TRUE ? "true" : "false");
        } else {
            out.append("null");
        }
    }

    /** Returns the hash of this scalar, consistent with {@link #scalarEquals}. */
    private int scalarHash() {
        if (kind == JsonKind.STRING) {
            return ((StringValue) this).text().hashCode();
        }
        if (kind == JsonKind.NUMBER) {
            return ((NumberValue) this).valueHash();
        }
        if (kind == JsonKind.BOOLEAN) {
            return this == TRUE ? 1231 : 1237;
        }
        return 0;
    }

    /** Returns true if this scalar equals {@code other}, a scalar of the same kind. */
    private boolean scalarEquals(JsonValue other) {
        if (kind == JsonKind.STRING) {
            return ((StringValue) this).text().equals(((StringValue) other).text());
        }
        if (kind == JsonKind.NUMBER) {
            return ((NumberValue) this).valueEquals((NumberValue) other);
        }
        // The literals are single instances.
        return this == other;
    }

    /**
     * Returns this value as compact JSON: no whitespace, object keys in order, numbers as in their source text, and
     * strings escaped as needed ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, and {@code \}{@code u00XX} for other
     * control characters); other characters, including non-ASCII, are written as is. {@link Json} parses the result
     * to a value equal to this one (given a deep enough depth limit).
     */
    public final String toJson() {
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
            JsonValue[] children = container.children();
            int index = written[top];
            if (index == children.length) {
                out.append(container.kind == JsonKind.ARRAY ? ']' : '}');
                open.remove(top);
                continue;
            }
            if (index > 0) {
                out.append(',');
            }
            written[top] = index + 1;
            if (container.kind == JsonKind.OBJECT) {
                appendQuoted(out, ((ObjectValue) container).keys[index]);
                out.append(':');
            }
            next = children[index];
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
            if (c == '"' || c == '\\' || c < 0x20) {
                int shortForm = SHORT_ESCAPED.indexOf(c);
                if (shortForm >= 0) {
                    out.append('\\').append(SHORT_ESCAPE_LETTERS.charAt(shortForm));
                } else {
                    appendUnicodeEscape(out, c);
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                // Unpaired: has no UTF-8 encoding, so only an escape survives a round trip through bytes.
                appendUnicodeEscape(out, c);
            } else {
                out.append(c);
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

    /** Returns an unmodifiable list view of {@code items}, an array nobody modifies. */
    private static <T> List<T> listOf(T[] items) {
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    /** Compares by JSON equality; see the class documentation. */
    @Override
    public final boolean equals(Object other) {
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
            if (a.kind != b.kind || a.hashCode() != b.hashCode()) {
                return false;
            }
            JsonValue[] aChildren = a.children();
            if (aChildren == null) {
                if (!a.scalarEquals(b)) {
                    return false;
                }
                continue;
            }
            JsonValue[] bChildren = b.children();
            if (aChildren.length != bChildren.length) {
                return false;
            }
            for (int i = 0; i < aChildren.length; i++) {
                JsonValue bChild = a.kind == JsonKind.ARRAY ? bChildren[i] : b.member(((ObjectValue) a).keys[i]);
                if (bChild == null) {
                    return false;
                }
                pending.add(aChildren[i]);
                pending.add(bChild);
            }
        }
        return true;
    }

    @Override
    public final int hashCode() {
        if (hash != 0) {
            return hash;
        }
        // Explicit stack: a container is hashed once all its children are.
        ArrayList<JsonValue> pending = new ArrayList<>();
        pending.add(this);
        while (!pending.isEmpty()) {
            JsonValue value = pending.get(pending.size() - 1);
            if (value.hash != 0) {
                pending.remove(pending.size() - 1);
                continue;
            }
            JsonValue[] children = value.children();
            int h;
            if (children == null) {
                h = value.scalarHash();
            } else {
                boolean ready = true;
                for (JsonValue child : children) {
                    if (child.hash == 0) {
                        pending.add(child);
                        ready = false;
                    }
                }
                if (!ready) {
                    continue;
                }
                h = value.kind == JsonKind.ARRAY ? arrayHash(children) : objectHash((ObjectValue) value);
            }
            value.hash = h == 0 ? 1 : h;
            pending.remove(pending.size() - 1);
        }
        return hash;
    }

    private static int arrayHash(JsonValue[] elements) {
        int h = 1;
        for (JsonValue element : elements) {
            h = 31 * h + element.hash;
        }
        return h;
    }

    private static int objectHash(ObjectValue object) {
        // Order-independent, like equals.
        int h = 0x0b1ec7;
        for (int i = 0; i < object.keys.length; i++) {
            h += object.keys[i].hashCode() ^ object.values[i].hash;
        }
        return h;
    }

    /** Returns {@link #toJson()}. Beware that it includes every value, secrets too. */
    @Override
    public final String toString() {
        return toJson();
    }
}
