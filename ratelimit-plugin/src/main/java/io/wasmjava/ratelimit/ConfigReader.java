package io.wasmjava.ratelimit;

import io.wasmjava.core.Log;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads configuration fields as Higress's {@code cluster-key-rate-limit} reads them, through {@link Gjson}'s
 * conversions, and reports what Higress accepts without a word: a value of another JSON type that the conversion
 * turns into something else ({@code "abc"} read as the number 0, an object read as its JSON text, {@code null} read as
 * {@code ""}), an unknown field, a setting another one overrides. Each report is one WARN line that starts with the
 * path of the field, logged while the configuration is parsed; under {@code strict_config: true} it is a
 * {@link ConfigException} instead, and every value must also have the JSON type the field expects.
 *
 * <p>Conversions that keep the meaning are not reported in the default mode: a number where a string is read
 * ({@code key: 102234}, as in Higress's README), a number written as a string ({@code "10"}), a boolean written as
 * ParseBool reads it ({@code "true"}), one object where a list is read.
 */
final class ConfigReader {
    private final boolean strict;
    private final Log log;

    /**
     * @param strict true for {@code strict_config}: reports become errors and JSON types must match
     * @param log where reports go in the default mode
     */
    ConfigReader(boolean strict, Log log) {
        this.strict = strict;
        this.log = log;
    }

    boolean isStrict() {
        return strict;
    }

    /**
     * gjson's {@code Get(key)}: the member {@code key} of {@code object}, or null if {@code object} is not an object or
     * has no such member. A member whose value is JSON {@code null} is returned: in gjson it exists.
     */
    static ConfigNode get(ConfigNode object, String key) {
        return object.kind() == JsonKind.OBJECT && object.has(key) ? object.node(key) : null;
    }

    /** gjson's {@code Get(key).Exists()}. */
    static boolean exists(ConfigNode object, String key) {
        return get(object, key) != null;
    }

    /** Reports something Higress accepts silently at {@code node}: a WARN, or under strict_config an error. */
    void tolerate(ConfigNode node, String problem) {
        if (strict) {
            throw node.error(problem);
        }
        log.warn(node.path() + ": " + problem);
    }

    /**
     * Reports the members of {@code object} that are not in {@code known}; Higress ignores them. Keys that start and
     * end with {@code _} belong to the SDK and the control plane ({@code _rules_}, {@code _match_route_}) where
     * {@code reservedKeys} is true. Does nothing if {@code object} is not an object.
     */
    void unknownFields(ConfigNode object, List<String> known, boolean reservedKeys) {
        if (object.kind() != JsonKind.OBJECT) {
            return;
        }
        for (String key : object.keys()) {
            boolean reserved = reservedKeys && key.length() > 1 && key.startsWith("_") && key.endsWith("_");
            if (!reserved && !known.contains(key)) {
                tolerate(object.node(key), "unknown field (Higress ignores it)");
            }
        }
    }

    /** {@code Get(key).String()}; {@code ""} if absent. */
    String string(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return "";
        }
        JsonKind kind = member.kind();
        if (kind != JsonKind.STRING) {
            if (strict) {
                // Without the value: string fields include the Redis password.
                throw member.error("expected string but was " + kindName(kind));
            }
            if (kind == JsonKind.NULL) {
                tolerate(member, "null is read as \"\" (as in Higress, not as the default)");
            } else if (kind == JsonKind.OBJECT || kind == JsonKind.ARRAY) {
                tolerate(member, "expected string but was " + kindName(kind) + " (Higress reads it as its JSON text)");
            }
        }
        return Gjson.string(member.value());
    }

    /** {@code Get(key).Int()}; 0 if absent. */
    long integer(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return 0;
        }
        JsonValue value = member.value();
        long result = Gjson.integer(value);
        if (!isExactInteger(value, result)) {
            // Includes an integer string beyond the range of int64, which wraps.
            reportLossy(member, "integer", result);
        } else if (strict && value.kind() != JsonKind.NUMBER) {
            throw typeError(member, "integer");
        }
        return result;
    }

    /** {@code uint32(Get(key).Uint())}, as an {@code int} holding the 32 bits; 0 if absent. */
    int unsigned32(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return 0;
        }
        JsonValue value = member.value();
        long result = Gjson.unsigned(value) & 0xffffffffL;
        if (!isExactInteger(value, result)) {
            reportLossy(member, "integer between 0 and 4294967295", result);
        } else if (strict && value.kind() != JsonKind.NUMBER) {
            throw typeError(member, "integer");
        }
        return (int) result;
    }

    /** {@code Get(key).Bool()}; false if absent. */
    boolean bool(ConfigNode object, String key) {
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
     * {@code Get(key).Array()}: the elements of an array, nothing for {@code null} or absent, or the value itself as a
     * list of one (its path is the field's own). Under strict_config anything but an array is an error.
     */
    List<ConfigNode> array(ConfigNode object, String key) {
        ConfigNode member = get(object, key);
        if (member == null) {
            return Collections.emptyList();
        }
        switch (member.kind()) {
            case ARRAY:
                return member.asList();
            case NULL:
                if (strict) {
                    throw typeError(member, "array");
                }
                return Collections.emptyList();
            default:
                if (strict) {
                    throw typeError(member, "array");
                }
                List<ConfigNode> one = new ArrayList<>(1);
                one.add(member);
                return one;
        }
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
            if (!value.isIntegral()) {
                return false;
            }
            try {
                return value.longValue() == result;
            } catch (ArithmeticException e) {
                return false;
            }
        }
        if (value.kind() == JsonKind.STRING && Gjson.isInteger(value.stringValue())) {
            // An integer string that wrapped prints differently from the one written (leading zeros aside).
            String text = value.stringValue();
            return stripZeros(text).equals(Long.toString(result));
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

    private static String kindName(JsonKind kind) {
        switch (kind) {
            case NUMBER:
                return "number";
            case STRING:
                return "string";
            case BOOLEAN:
                return "boolean";
            case OBJECT:
                return "object";
            case ARRAY:
                return "array";
            default:
                return "null";
        }
    }

    /**
     * The kind of {@code value} as error messages name it, with the text of numbers and short strings; a long string's
     * text is left out.
     */
    private static String describe(JsonValue value) {
        switch (value.kind()) {
            case NUMBER:
                return value.numberText();
            case STRING: {
                String text = value.stringValue();
                return text.length() <= 32 ? "string " + value.toJson() : "string";
            }
            case BOOLEAN:
                return value.booleanValue() ? "true" : "false";
            default:
                return kindName(value.kind());
        }
    }
}
