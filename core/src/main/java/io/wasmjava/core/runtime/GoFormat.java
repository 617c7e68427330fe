package io.wasmjava.core.runtime;

import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The text Higress's Go SDK writes for user attributes, byte for byte: Go's {@code encoding/json} {@code Marshal}
 * (for {@code custom_log}/{@code ai_log}) and {@code fmt.Sprint} (for {@code trace_span_tag.*}) of the values a
 * {@code map[string]interface{}} holds. Values are {@code String}, {@code Long}, {@code Integer}, {@code Double},
 * {@code Boolean}, null, or a parsed {@link JsonValue} (what Go's {@code json.Unmarshal} into {@code interface{}}
 * gives: objects, arrays, float64 numbers).
 *
 * <p>Rules copied from Go 1.24 ({@code encoding/json/encode.go}, {@code strconv/ftoa.go}): object keys sorted
 * bytewise (UTF-8 order, which is code point order), no whitespace; strings escape {@code "} and {@code \} and
 * {@code \b \f \n \r \t} by letter, other controls and {@code < > &} as {@code \}{@code u00xx} (lower-case hex),
 * U+2028/U+2029 as {@code \}{@code u2028}/{@code \}{@code u2029}, and an unpaired surrogate (Go: invalid UTF-8) as
 * {@code \}{@code ufffd}; a float is its shortest decimal, in {@code e} notation when its magnitude is below 1e-6 or
 * at least 1e21, with {@code e-07} shortened to {@code e-7}. {@code fmt.Sprint} of a float uses {@code %g}: {@code e}
 * notation when the decimal exponent is below -4 or at least 6 ({@code 1e+06}).
 */
final class GoFormat {
    private static final String HEX = "0123456789abcdef";

    private GoFormat() {
    }

    /**
     * Appends Go's JSON encoding of {@code value}; returns false (leaving {@code out} partly written) for a value Go
     * cannot encode: NaN or an infinity (Go's {@code UnsupportedValueError}).
     */
    static boolean appendJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            appendJsonString(out, (String) value);
        } else if (value instanceof Double) {
            return appendJsonFloat(out, (Double) value);
        } else if (value instanceof JsonValue) {
            return appendJsonValue(out, (JsonValue) value);
        } else {
            // Long, Integer, Boolean: Go prints integers and booleans as Java does.
            out.append(value);
        }
        return true;
    }

    private static boolean appendJsonValue(StringBuilder out, JsonValue value) {
        JsonKind kind = value.kind();
        if (kind == JsonKind.OBJECT) {
            List<String> keys = sortedKeys(value.keys());
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJsonString(out, keys.get(i));
                out.append(':');
                if (!appendJsonValue(out, value.member(keys.get(i)))) {
                    return false;
                }
            }
            out.append('}');
            return true;
        }
        if (kind == JsonKind.ARRAY) {
            out.append('[');
            List<JsonValue> elements = value.elements();
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (!appendJsonValue(out, elements.get(i))) {
                    return false;
                }
            }
            out.append(']');
            return true;
        }
        if (kind == JsonKind.STRING) {
            appendJsonString(out, value.stringValue());
            return true;
        }
        if (kind == JsonKind.NUMBER) {
            // Go decodes every number into interface{} as float64.
            return appendJsonFloat(out, value.doubleValue());
        }
        out.append(kind == JsonKind.NULL ? "null" : value.booleanValue() ? "true" : "false");
        return true;
    }

    /** {@code keys} in Go's map-key order: bytewise on UTF-8, i.e. by code point. */
    static List<String> sortedKeys(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        // Insertion sort: attribute maps are small, and it links no comparator machinery into the module.
        for (int i = 1; i < sorted.size(); i++) {
            String key = sorted.get(i);
            int j = i - 1;
            while (j >= 0 && compareCodePoints(sorted.get(j), key) > 0) {
                sorted.set(j + 1, sorted.get(j));
                j--;
            }
            sorted.set(j + 1, key);
        }
        return sorted;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return (a.length() - i) - (b.length() - j);
    }

    /** Appends {@code value} as a quoted JSON string, escaped as Go's {@code json.Marshal} escapes (HTML-safe). */
    static void appendJsonString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\b') {
                out.append("\\b");
            } else if (c == '\f') {
                out.append("\\f");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else if (c == '\u2028' || c == '\u2029') {
                out.append("\\u202").append(HEX.charAt(c & 0xF));
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean appendJsonFloat(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        Decimal decimal = Decimal.of(value);
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
            int start = out.length();
            decimal.appendExponential(out);
            // Go's encoder shortens a one-digit negative exponent: e-07 becomes e-7.
            int n = out.length() - start;
            if (n >= 4 && out.charAt(out.length() - 4) == 'e' && out.charAt(out.length() - 3) == '-'
                    && out.charAt(out.length() - 2) == '0') {
                out.deleteCharAt(out.length() - 2);
            }
        } else {
            decimal.appendFixed(out);
        }
        return true;
    }

    /** Go's {@code fmt.Sprint(value)} for the attribute value types (see the class description). */
    static String sprint(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
            Decimal decimal = Decimal.of(d);
            StringBuilder out = new StringBuilder();
            int exponent = decimal.pointPosition - 1;
            if (!decimal.isZero() && (exponent < -4 || exponent >= 6)) {
                decimal.appendExponential(out);
            } else {
                decimal.appendFixed(out);
            }
            return out.toString();
        }
        return String.valueOf(value);
    }

    /**
     * A finite double as its shortest decimal digits: value = 0.{@code digits} × 10^{@code pointPosition} (Go's
     * {@code decimalSlice}). Zero has no digits.
     */
    static final class Decimal {
        final boolean negative;
        final String digits;
        final int pointPosition;

        private Decimal(boolean negative, String digits, int pointPosition) {
            this.negative = negative;
            this.digits = digits;
            this.pointPosition = pointPosition;
        }

        /** From {@link Double#toString}, which gives the shortest digits that read back as {@code value}. */
        static Decimal of(double value) {
            boolean negative = value < 0 || (value == 0 && 1 / value < 0);
            String text = Double.toString(Math.abs(value));
            int e = text.indexOf('E');
            String mantissa = e < 0 ? text : text.substring(0, e);
            int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
            int dot = mantissa.indexOf('.');
            String whole = dot < 0 ? mantissa : mantissa.substring(0, dot);
            String digits = dot < 0 ? whole : whole + mantissa.substring(dot + 1);
            int point = whole.length() + exponent;
            int first = 0;
            while (first < digits.length() && digits.charAt(first) == '0') {
                first++;
                point--;
            }
            int end = digits.length();
            while (end > first && digits.charAt(end - 1) == '0') {
                end--;
            }
            if (first == end) {
                return new Decimal(negative, "", 0);
            }
            return shortest(negative, Math.abs(value), digits.substring(first, end), point);
        }

        /**
         * {@code digits} shortened while fewer digits still read back as {@code magnitude}: {@link Double#toString}
         * before Java 19 (and TeaVM's) may give one digit more than the shortest (4.9E-324 for Go's 5e-324).
         */
        private static Decimal shortest(boolean negative, double magnitude, String digits, int point) {
            while (digits.length() > 1) {
                String down = trimZeros(digits.substring(0, digits.length() - 1));
                String up = roundedUp(digits.substring(0, digits.length() - 1));
                int upPoint = up.length() > digits.length() - 1 ? point + 1 : point;
                boolean downReads = readsAs(down, point, magnitude);
                boolean upReads = readsAs(up, upPoint, magnitude);
                if (downReads && (!upReads || digits.charAt(digits.length() - 1) < '5')) {
                    digits = down;
                } else if (upReads) {
                    digits = trimZeros(up);
                    point = upPoint;
                } else {
                    break;
                }
            }
            return new Decimal(negative, digits, point);
        }

        private static boolean readsAs(String digits, int point, double magnitude) {
            return !digits.isEmpty() && Double.parseDouble("0." + digits + "E" + point) == magnitude;
        }

        /** {@code digits} plus one in the last place; one digit longer on a carry out of the first ({@code 99 -> 100}). */
        private static String roundedUp(String digits) {
            char[] chars = digits.toCharArray();
            int i = chars.length - 1;
            while (i >= 0 && chars[i] == '9') {
                chars[i--] = '0';
            }
            if (i < 0) {
                return "1" + new String(chars);
            }
            chars[i]++;
            return new String(chars);
        }

        private static String trimZeros(String digits) {
            int end = digits.length();
            while (end > 0 && digits.charAt(end - 1) == '0') {
                end--;
            }
            return digits.substring(0, end);
        }

        boolean isZero() {
            return digits.isEmpty();
        }

        /** {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
        void appendFixed(StringBuilder out) {
            if (negative) {
                out.append('-');
            }
            if (isZero()) {
                out.append('0');
            } else if (pointPosition <= 0) {
                out.append("0.");
                for (int i = pointPosition; i < 0; i++) {
                    out.append('0');
                }
                out.append(digits);
            } else if (pointPosition >= digits.length()) {
                out.append(digits);
                for (int i = digits.length(); i < pointPosition; i++) {
                    out.append('0');
                }
            } else {
                out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digits.length());
            }
        }

        /** {@code strconv.FormatFloat(v, 'e', -1, 64)}: at least two exponent digits. */
        void appendExponential(StringBuilder out) {
            if (negative) {
                out.append('-');
            }
            String d = isZero() ? "0" : digits;
            out.append(d.charAt(0));
            if (d.length() > 1) {
                out.append('.').append(d, 1, d.length());
            }
            int exponent = isZero() ? 0 : pointPosition - 1;
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        }
    }
}
