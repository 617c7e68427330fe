package io.wasmjava.core.config;

/**
 * A number: the range of the source bytes that spell it, and its value in canonical form, worked out once while
 * parsing without allocating anything.
 */
final class NumberValue extends JsonValue {
    /** The ASCII text of an RFC 8259 number at {@code [start, end)}, unchanged for the life of this value. */
    private final byte[] source;
    private final int start;
    private final int end;
    /**
     * The value is {@code (negative ? -1 : 1) * digits * 10^exponent}, where {@code digits} are the {@code digitCount}
     * significant digits (no leading or trailing zeros) starting at {@code source[firstDigit]}, skipping the decimal
     * point if it is at {@code point} (which is {@code end} when no point lies between them). Zero has {@code
     * digitCount == 0}, {@code exponent == 0} and {@code negative == false}.
     */
    private final int firstDigit;
    private final int digitCount;
    private final int point;
    private final long exponent;
    private final boolean negative;

    private NumberValue(
            byte[] source, int start, int end, int firstDigit, int digitCount, int point, long exponent, boolean negative) {
        super(JsonKind.NUMBER);
        this.source = source;
        this.start = start;
        this.end = end;
        this.firstDigit = firstDigit;
        this.digitCount = digitCount;
        this.point = point;
        this.exponent = exponent;
        this.negative = negative;
    }

    /**
     * Returns the number spelled by {@code source[start..end)}, which must match the RFC 8259 number grammar, or
     * null if it is out of range: its exponent, or the number of digits after the point minus the exponent (the
     * scale), does not fit an {@code int}. That is the range of {@link java.math.BigDecimal}, so every number
     * accepted here is exactly representable there. The value keeps {@code source}, which must not change.
     */
    static NumberValue parse(byte[] source, int start, int end) {
        int i = start;
        boolean negative = source[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < end && isDigit(source[i])) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < end && source[i] == '.') {
            fracStart = ++i;
            while (i < end && isDigit(source[i])) {
                i++;
            }
            fracEnd = i;
        }
        long writtenExponent = 0;
        if (i < end) {
            i++; // 'e' or 'E'
            boolean negativeExponent = false;
            if (source[i] == '+' || source[i] == '-') {
                negativeExponent = source[i] == '-';
                i++;
            }
            while (i < end - 1 && source[i] == '0') {
                i++;
            }
            if (end - i > 10) {
                return null;
            }
            for (; i < end; i++) {
                writtenExponent = writtenExponent * 10 + (source[i] - '0');
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
        // The digits, integer part then fraction, numbered 0 to total - 1; find the first and last non-zero ones.
        int intDigits = intEnd - intStart;
        int total = intDigits + fracEnd - fracStart;
        int first = -1;
        int last = -1;
        for (int d = 0; d < total; d++) {
            if (source[d < intDigits ? intStart + d : fracStart + d - intDigits] != '0') {
                if (first < 0) {
                    first = d;
                }
                last = d;
            }
        }
        if (first < 0) {
            return new NumberValue(source, start, end, end, 0, end, 0, false);
        }
        int firstDigit = first < intDigits ? intStart + first : fracStart + first - intDigits;
        int point = first < intDigits && last >= intDigits ? intEnd : end;
        long exponent = -scale + (total - 1 - last);
        return new NumberValue(source, start, end, firstDigit, last - first + 1, point, exponent, negative);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Returns true if the number is written with a minus sign, {@code -0} included (the value calls it zero). */
    boolean hasMinusSign() {
        return source[start] == '-';
    }

    /** Returns the number of significant digits: 0 for zero. */
    int digitCount() {
        return digitCount;
    }

    /** Returns the power of ten of the leading significant digit (2 for 123, -1 for 0.5); meaningless for zero. */
    long leadingExponent() {
        return exponent + digitCount - 1;
    }

    /** Returns significant digit {@code i}, 0 to 9, for {@code 0 <= i < digitCount()}. */
    int digit(int i) {
        int at = firstDigit + i;
        return source[at >= point ? at + 1 : at] - '0';
    }

    /** Returns the number as written. */
    String text() {
        return Utf8.decode(source, start, end);
    }

    /** Returns true if this number is a mathematical integer. */
    boolean isWhole() {
        return exponent >= 0;
    }

    /** Returns the value of a number that {@linkplain #fitsInLong() fits a long}. */
    long toLong() {
        long negated = negatedMagnitude();
        return negative ? negated : -negated;
    }

    /** Implements {@link JsonValue#clampedLong}, given {@code min <= max}. */
    long clamp(long min, long max) {
        // At least 10^19 when there are more than 19 integer digits: beyond any long, so no need to read them.
        long negated = digitCount + exponent > 19 ? 1 : negatedMagnitude();
        if (negative) {
            return negated > 0 ? min : Math.max(min, Math.min(max, negated));
        }
        if (negated > 0 || negated == Long.MIN_VALUE) {
            return max;
        }
        return Math.max(min, Math.min(max, -negated));
    }

    /** Returns true if this number is integral and fits a {@code long}. */
    boolean fitsInLong() {
        if (exponent < 0 || digitCount + exponent > 19) {
            return false;
        }
        long negated = negatedMagnitude();
        // -Long.MIN_VALUE is no long.
        return negated <= 0 && (negative || negated != Long.MIN_VALUE);
    }

    /**
     * Returns minus the magnitude of this number rounded toward zero, which has at most 19 integer digits, or 1 if
     * that is beyond {@code -Long.MIN_VALUE}. Negated so that {@code Long.MIN_VALUE} itself fits.
     */
    private long negatedMagnitude() {
        long negated = 0;
        long integerDigits = digitCount + exponent;
        for (int i = 0; i < integerDigits; i++) {
            int digit = i < digitCount ? digit(i) : 0;
            if (negated < (Long.MIN_VALUE + digit) / 10) {
                return 1;
            }
            negated = negated * 10 - digit;
        }
        return negated;
    }

    /** Appends the number as written. */
    void appendTo(StringBuilder out) {
        for (int i = start; i < end; i++) {
            out.append((char) source[i]);
        }
    }

    /** Returns a hash of the value, consistent with {@link #valueEquals}. */
    int valueHash() {
        int h = 0;
        for (int i = 0; i < digitCount; i++) {
            h = 31 * h + digit(i);
        }
        h = 31 * h + (int) (exponent ^ (exponent >>> 32));
        return negative ? ~h : h;
    }

    /** Returns true if {@code that} has the same value, however written. */
    boolean valueEquals(NumberValue that) {
        if (negative != that.negative || exponent != that.exponent || digitCount != that.digitCount) {
            return false;
        }
        for (int i = 0; i < digitCount; i++) {
            if (digit(i) != that.digit(i)) {
                return false;
            }
        }
        return true;
    }
}
