package io.wasmjava.core.runtime;

import io.wasmjava.core.config.JsonValue;

/**
 * The text gjson's {@code Result.String()} gives a JSON value (tidwall/gjson v1.18.0 {@code gjson.go:72-99}), which is
 * how wasm-go reads every {@code _match_*_} entry ({@code pkg/matcher/rule_matcher.go:311,323,335,347}): a string is
 * its text, {@code true}/{@code false} their names, {@code null} the empty string, an object or array its JSON, and a
 * number its source text when that is an optional minus and digits only, else Go's {@code FormatFloat(n, 'f', -1, 64)}
 * of the nearest {@code float64}: the shortest decimal that reads back as that float, without an exponent
 * ({@code 1e3} is {@code 1000}, {@code 1.50} is {@code 1.5}, {@code -0.0} is {@code -0}).
 *
 * <p>That is exact, in both modes and without floating-point arithmetic, for numbers with up to 15 significant digits
 * between 1e-307 and 1e308: such a decimal is the shortest form of its nearest double (DBL_DIG), so only its notation
 * changes. Two approximations remain, for values no configuration uses as a name: an object or array is written
 * compactly, where gjson keeps its source text with the whitespace; and any other number (more significant digits,
 * or beyond that range, where Go prints e.g. {@code +Inf} for {@code 1e400}) is kept as written, because rounding it
 * as Go does needs a correctly rounded decimal-to-binary conversion that would add about 85 KB to every module.
 */
final class GjsonText {
    /** Significant digits a decimal may have and still be the shortest form of its nearest double (DBL_DIG). */
    private static final int EXACT_DIGITS = 15;
    /** Largest decimal exponent (of the leading digit) for which those decimals are normal doubles. */
    private static final int EXACT_EXPONENT = 307;
    /** An exponent past any double's, where parsing saturates absurd exponents (bounded work, no overflow). */
    private static final int HUGE_EXPONENT = 1_000_000_000;

    private GjsonText() {
    }

    /** Returns gjson's {@code String()} of {@code value}. */
    static String of(JsonValue value) {
        switch (value.kind()) {
            case STRING:
                return value.stringValue();
            case NUMBER:
                return number(value.numberText());
            case BOOLEAN:
                return value.booleanValue() ? "true" : "false";
            case NULL:
                return "";
            default:
                return value.toJson();
        }
    }

    /** {@code gjson.go:79-90}: raw digits stay as written, anything else is formatted from the float. */
    static String number(String jsonNumber) {
        int i = jsonNumber.startsWith("-") ? 1 : 0;
        while (i < jsonNumber.length() && jsonNumber.charAt(i) >= '0' && jsonNumber.charAt(i) <= '9') {
            i++;
        }
        if (i == jsonNumber.length()) {
            return jsonNumber;
        }
        Decimal exact = Decimal.parse(jsonNumber);
        if (exact.isZero()
                || (exact.digits.length() <= EXACT_DIGITS && Math.abs(exact.leadExponent()) <= EXACT_EXPONENT)) {
            return exact.plain();
        }
        // Beyond the exact range: kept as written (see the class comment).
        return jsonNumber;
    }

    /** The decimal {@code (negative ? -1 : 1) * digits * 10^exponent}; {@code digits} has no leading or trailing 0. */
    private static final class Decimal {
        private final boolean negative;
        private final String digits;
        private final int exponent;

        private Decimal(boolean negative, String digits, int exponent) {
            this.negative = negative;
            this.digits = digits;
            this.exponent = exponent;
        }

        /** Parses JSON number syntax. */
        static Decimal parse(String text) {
            int i = 0;
            boolean negative = text.charAt(0) == '-';
            if (negative) {
                i++;
            }
            StringBuilder digits = new StringBuilder();
            int fractionDigits = 0;
            boolean inFraction = false;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.') {
                    inFraction = true;
                } else if (c >= '0' && c <= '9') {
                    if (digits.length() > 0 || c != '0') {
                        digits.append(c);
                    }
                    if (inFraction) {
                        fractionDigits++;
                    }
                } else {
                    break;
                }
            }
            long exponent = 0;
            if (i < text.length()) {
                i++; // 'e' or 'E'
                boolean negativeExponent = text.charAt(i) == '-';
                if (text.charAt(i) == '-' || text.charAt(i) == '+') {
                    i++;
                }
                for (; i < text.length(); i++) {
                    exponent = Math.min(exponent * 10 + (text.charAt(i) - '0'), HUGE_EXPONENT);
                }
                if (negativeExponent) {
                    exponent = -exponent;
                }
            }
            // Digits after the last nonzero one only scale the value.
            int end = digits.length();
            while (end > 0 && digits.charAt(end - 1) == '0') {
                end--;
            }
            long scaled = exponent - fractionDigits + (digits.length() - end);
            int clamped = (int) Math.max(-HUGE_EXPONENT, Math.min(HUGE_EXPONENT, scaled));
            return new Decimal(negative, digits.substring(0, end), clamped);
        }

        boolean isZero() {
            return digits.isEmpty();
        }

        /** The exponent of the leading digit: 2 for 123, -1 for 0.5. */
        int leadExponent() {
            return exponent + digits.length() - 1;
        }

        /** Go's {@code 'f'} format: {@code 1000}, {@code 0.001}, {@code -1.5}; a zero keeps its sign ({@code -0}). */
        String plain() {
            StringBuilder out = new StringBuilder();
            if (negative) {
                out.append('-');
            }
            if (digits.isEmpty()) {
                return out.append('0').toString();
            }
            int point = digits.length() + exponent;
            if (exponent >= 0) {
                out.append(digits);
                for (int i = 0; i < exponent; i++) {
                    out.append('0');
                }
            } else if (point > 0) {
                out.append(digits, 0, point).append('.').append(digits, point, digits.length());
            } else {
                out.append("0.");
                for (int i = point; i < 0; i++) {
                    out.append('0');
                }
                out.append(digits);
            }
            return out.toString();
        }
    }
}
