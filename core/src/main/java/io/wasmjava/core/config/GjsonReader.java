package io.wasmjava.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads configuration fields as Higress's Go plugins read them, through {@link Gjson}'s conversions
 * ({@code json.Get(key).String()}, {@code .Int()}, {@code .Array()}, ...), and reports what Higress accepts without a
 * word: a value of another JSON type that the conversion turns into something else ({@code "abc"} read as the number
 * 0, {@code 1.9} as 1, an object read as its JSON text, {@code null} read as {@code ""}), an unknown field, or
 * whatever else a plugin passes to {@link #tolerate}. In the {@linkplain #lenient lenient} mode each report is one
 * warning that starts with the path of the field ({@code rule_items[0].limit_keys[1].query_per_second: expected
 * integer but was 1.9 (Higress reads it as 1)}); in the {@linkplain #strict strict} mode it is a
 * {@link ConfigException} instead, and every value must also have the JSON type the field expects.
 *
 * <p>Conversions that keep the meaning are not reported in the lenient mode: a number where a string is read
 * ({@code key: 102234}, as in Higress's rate limiter README), a whole number or one written as a string where an
 * integer is read ({@code "10"}), a boolean written as Go's {@code ParseBool} reads it ({@code "true"}), a number
 * where a boolean is read, one value where a list is read.
 *
 * <p>As in gjson, a member whose value is {@code null} exists: {@link #string} reads it as {@code ""} (with a
 * report), not as the plugin's default, unless the plugin checks {@link ConfigNode#isNull(String)} first.
 * {@link #string} never puts a value in a message (string fields hold passwords); the reports of the other
 * conversions show the number, boolean or short string they changed.
 */
public final class GjsonReader {
    /** Strings up to this length are quoted in reports about a conversion; longer ones are named only. */
    private static final int QUOTED_STRING_LENGTH = 32;

    private final boolean strict;
    /** Where reports go in the lenient mode; null in the strict mode, which throws them instead. */
    private final Consumer<String> warnings;

    private GjsonReader(boolean strict, Consumer<String> warnings) {
        this.strict = strict;
        this.warnings = warnings;
    }

    /**
     * Returns a reader that accepts whatever Higress accepts and passes each report, as {@code path: problem}, to
     * {@code warnings} (typically {@code plugin.log()::warn}), once, while the configuration is read.
     */
    public static GjsonReader lenient(Consumer<String> warnings) {
        if (warnings == null) {
            throw new NullPointerException("warnings");
        }
        return new GjsonReader(false, warnings);
    }

    /**
     * Returns a reader that throws a {@link ConfigException} for every report, and for every value whose JSON type
     * is not the field's ({@code "10"} where an integer is read, {@code null} where a string is read, one object
     * where a list is read). Higress's own conversions still apply to what passes: a number where a string is read
     * is its text.
     */
    public static GjsonReader strict() {
        return new GjsonReader(true, null);
    }

    /** Returns true for a reader made by {@link #strict()}. */
    public boolean isStrict() {
        return strict;
    }

    /**
     * gjson's {@code Get(key)} for a plain key: the member {@code key} of {@code object}, or null if {@code object}
     * is not an object or has no such member. A member whose value is JSON {@code null} is returned: in gjson it
     * exists.
     */
    public static ConfigNode get(ConfigNode object, String key) {
        return object.kind() == JsonKind.OBJECT && object.has(key) ? object.node(key) : null;
    }

    /** gjson's {@code Get(key).Exists()}: true if {@code object} is an object with the member {@code key}. */
    public static boolean exists(ConfigNode object, String key) {
        return get(object, key) != null;
    }

    /**
     * gjson's {@code Array()} of a node (gjson.go:195-204), keeping paths: the elements of an array (paths ending in
     * {@code [i]}), nothing for {@code null}, any other value as a list of itself (with its own path). Unmodifiable.
     */
    public static List<ConfigNode> elements(ConfigNode node) {
        // Here and below, comparisons instead of a switch: javac compiles a switch on an enum to a lookup class
        // ($SwitchMap), which costs about 1.2 KB of every module under TeaVM.
        if (node.kind() == JsonKind.ARRAY) {
            return node.asList();
        }
        return node.kind() == JsonKind.NULL ? Collections.emptyList() : Collections.singletonList(node);
    }

    /**
     * Reports something Higress accepts silently at {@code node}: a warning {@code path: problem}, or in the strict
     * mode a {@link ConfigException} with that message.
     */
    public void tolerate(ConfigNode node, String problem) {
        if (strict) {
            throw node.error(problem);
        }
        warnings.accept(node.path() + ": " + problem);
    }

    /**
     * Reports each member of {@code object} that is not in {@code known} as {@code unknown field (Higress ignores
     * it)}. Where {@code reservedKeys} is true, keys that start and end with {@code _} are skipped: they belong to
     * the SDK and the control plane ({@code _rules_}, {@code _match_route_}, {@code _plugin_id_}). Does nothing if
     * {@code object} is not an object.
     */
    public void unknownFields(ConfigNode object, List<String> known, boolean reservedKeys) {
        if (object.kind() != JsonKind.OBJECT) {
            return;
        }
        for (String key : object.keys()) {
            boolean reserved = reservedKeys && key.length() > 1 && key.startsWith("_") && key.endsWith("_");
            // indexOf, not contains: under TeaVM, contains links equals of every type stored in any list (JsonValue,
            // records), while indexOf calls equals on the key, a String.
            if (!reserved && known.indexOf(key) < 0) {
                tolerate(object.node(key), "unknown field (Higress ignores it)");
            }
        }
    }

    /**
     * {@code Get(key).String()}; {@code ""} if absent. Reported: {@code null}, an object or an array. Strict: only a
     * string.
     */
    public String string(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return "";
        }
        JsonKind kind = member.kind();
        if (kind != JsonKind.STRING) {
            if (strict) {
                // Without the value: string fields include passwords.
                throw member.error("expected string but was " + kind.displayName());
            }
            if (kind == JsonKind.NULL) {
                tolerate(member, "null is read as \"\" (as in Higress, not as the default)");
            } else if (kind == JsonKind.OBJECT || kind == JsonKind.ARRAY) {
                tolerate(member, "expected string but was " + kind.displayName()
                        + " (Higress reads it as its JSON text)");
            }
        }
        return Gjson.string(member.value());
    }

    /**
     * {@code Get(key).Int()}; 0 if absent. Reported: anything but an integer (as a number or as decimal digits in a
     * string) that converts to itself. Strict: only such a number.
     */
    public long integer(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return 0;
        }
        // An integer string beyond the range of int64 wraps, so it is reported too.
        return checkedInteger(member, Gjson.integer(member.value()), "integer");
    }

    /**
     * {@code uint32(Get(key).Uint())}, as an {@code int} holding the 32 bits; 0 if absent. Reported and strict as
     * {@link #integer}, for integers from 0 to 4294967295.
     */
    public int unsigned32(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return 0;
        }
        return (int) checkedInteger(member, Gjson.unsigned(member.value()) & 0xffffffffL,
                "integer between 0 and 4294967295");
    }

    /**
     * {@code Get(key).Bool()}; false if absent. Reported: anything but a boolean, a number or a {@code ParseBool}
     * spelling. Strict: only a boolean.
     */
    public boolean bool(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return false;
        }
        JsonValue value = member.value();
        boolean result = Gjson.bool(value);
        if (value.kind() != JsonKind.BOOLEAN) {
            if (strict) {
                throw typeError(member, "boolean");
            }
            boolean meaningful = value.kind() == JsonKind.NUMBER
                    || value.kind() == JsonKind.STRING && Gjson.isBoolText(value.stringValue());
            if (!meaningful) {
                tolerate(member, "expected boolean but was " + describe(value) + " (Higress reads it as " + result
                        + ")");
            }
        }
        return result;
    }

    /**
     * {@code Get(key).Array()} as {@link #elements}: the elements of an array, nothing for {@code null} or absent,
     * the value itself as a list of one. Not reported. Strict: only an array (or absent).
     */
    public List<ConfigNode> array(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return Collections.emptyList();
        }
        if (strict && member.kind() != JsonKind.ARRAY) {
            throw typeError(member, "array");
        }
        return elements(member);
    }

    /**
     * {@code result}, the conversion of {@code member}'s value, after the checks of {@link #integer}: reported (or
     * refused in the strict mode) as not {@code expected} unless it converts to itself; strict, also refused unless
     * written as a number.
     */
    private long checkedInteger(ConfigNode member, long result, String expected) {
        JsonValue value = member.value();
        if (!isExactInteger(value, result)) {
            reportLossy(member, expected, result);
        } else if (strict && value.kind() != JsonKind.NUMBER) {
            throw typeError(member, "integer");
        }
        return result;
    }

    private void reportLossy(ConfigNode member, String expected, long result) {
        if (strict) {
            throw typeError(member, expected);
        }
        tolerate(member, "expected " + expected + " but was " + describe(member.value()) + " (Higress reads it as "
                + result + ")");
    }

    /**
     * True if {@code value} is an integer, written as a number or as a decimal string, whose conversion gave exactly
     * {@code result}.
     */
    private static boolean isExactInteger(JsonValue value, long result) {
        if (value.kind() == JsonKind.NUMBER) {
            return value.isIntegral() && value.fitsLong() && value.longValue() == result;
        }
        if (value.kind() == JsonKind.STRING && Gjson.isInteger(value.stringValue())) {
            // An integer string that wrapped prints differently from the one written (leading zeros aside).
            return stripZeros(value.stringValue()).equals(Long.toString(result));
        }
        return false;
    }

    /** {@code -?0*digits} without the leading zeros, {@code -0} as {@code 0}. */
    private static String stripZeros(String integer) {
        boolean negative = integer.startsWith("-");
        int i = negative ? 1 : 0;
        while (i < integer.length() - 1 && integer.charAt(i) == '0') {
            i++;
        }
        String digits = integer.substring(i);
        return negative && !digits.equals("0") ? "-" + digits : digits;
    }

    private static ConfigException typeError(ConfigNode member, String expected) {
        return member.error("expected " + expected + " but was " + describe(member.value()));
    }

    /**
     * The kind of {@code value} as reports name it, with the text of numbers, booleans and short strings; a long
     * string's text is left out.
     */
    private static String describe(JsonValue value) {
        JsonKind kind = value.kind();
        if (kind == JsonKind.NUMBER) {
            return value.numberText();
        }
        if (kind == JsonKind.STRING) {
            return value.stringValue().length() <= QUOTED_STRING_LENGTH ? "string " + value.toJson() : "string";
        }
        if (kind == JsonKind.BOOLEAN) {
            return value.booleanValue() ? "true" : "false";
        }
        return kind.displayName();
    }
}
