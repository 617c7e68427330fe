package io.wasmjava.redis.resp;

/**
 * Formats a float the way Go's {@code fmt.Sprint} does ({@code %v}), which is
 * {@code strconv.FormatFloat(f, 'g', -1, bitSize)}: the shortest decimal digits that read back as the same value,
 * in exponent form ({@code 1e+06}, {@code 1e-05}) when the decimal exponent is below -4 or at least 6 (Go decides
 * with precision 6 when the precision is "shortest"), otherwise in plain form ({@code 100000}, {@code 0.0001}); the
 * exponent has at least two digits; {@code -0}, {@code NaN}, {@code +Inf} and {@code -Inf} are spelled out.
 *
 * <p>Java's {@code Double.toString} is not used: it differs from Go in digit choice (it never stops at one
 * significant digit, so {@code Double.MIN_VALUE} is {@code 4.9E-324} where Go prints {@code 5e-324}), before JDK 19
 * it is not always shortest, and TeaVM's class library has an implementation of its own. Instead the digits are computed exactly: the value and the two midpoints to its
 * neighbours are written out as exact decimals (a double is a binary fraction, so its decimal expansion is finite),
 * and the shortest digit string strictly inside that interval (or on its edge when the significand is even, since
 * round-half-even parsing maps an edge back to the even value) wins; between two candidates of the same length the
 * one nearer the value wins, ties to the even digit. It costs a few thousand digit operations per call, which is
 * nothing next to a Redis round trip.
 */
final class GoFloatFormat {

    /** Decimal limbs: each int holds 9 digits. */
    private static final int LIMB = 1_000_000_000;

    private GoFloatFormat() {
    }

    /** Returns {@code fmt.Sprint(float64(value))}. */
    static String format(double value) {
        return format(Double.doubleToRawLongBits(value), 52, 11);
    }

    /** Returns {@code fmt.Sprint(float32(value))}: the shortest digits for a 32-bit float, as Go does. */
    static String format(float value) {
        return format(Float.floatToRawIntBits(value) & 0xffffffffL, 23, 8);
    }

    private static String format(long bits, int mantissaBits, int exponentBits) {
        boolean negative = (bits >>> (mantissaBits + exponentBits)) != 0;
        int biasedExponent = (int) ((bits >>> mantissaBits) & ((1L << exponentBits) - 1));
        long mantissa = bits & ((1L << mantissaBits) - 1);
        int maxBiased = (1 << exponentBits) - 1;
        if (biasedExponent == maxBiased) {
            return mantissa != 0 ? "NaN" : negative ? "-Inf" : "+Inf";
        }
        if (biasedExponent == 0 && mantissa == 0) {
            return negative ? "-0" : "0";
        }
        int bias = (1 << (exponentBits - 1)) - 1;
        boolean lowerGapIsHalf = false;
        int exponent2; // value = mantissa * 2^exponent2
        if (biasedExponent == 0) {
            exponent2 = 1 - bias - mantissaBits; // subnormal: no implicit bit
        } else {
            // The gap below 2^k is half the gap above it, except at the smallest normal exponent (subnormals below
            // have the same spacing).
            lowerGapIsHalf = mantissa == 0 && biasedExponent > 1;
            mantissa |= 1L << mantissaBits;
            exponent2 = biasedExponent - bias - mantissaBits;
        }

        // Scale everything by 2^(exponent2 - 2) so the value and both midpoints are integers:
        //   value = 4m, upper midpoint = 4m + 2, lower midpoint = 4m - 2 (or 4m - 1 when the gap below is half).
        int scale = exponent2 - 2;
        byte[] value = exactDigits(4 * mantissa, scale);
        byte[] upper = exactDigits(4 * mantissa + 2, scale);
        byte[] lower = exactDigits(4 * mantissa - (lowerGapIsHalf ? 1 : 2), scale);
        // Right-align to one common width with a spare leading zero for a carry out of the top digit.
        int width = Math.max(value.length, Math.max(upper.length, lower.length)) + 1;
        value = padLeft(value, width);
        upper = padLeft(upper, width);
        lower = padLeft(lower, width);
        int integerDigits = width - Math.max(0, -scale); // digits left of the decimal point

        boolean inclusive = (mantissa & 1) == 0;
        int first = 0;
        while (value[first] == 0) {
            first++;
        }
        // Try cutting after q digits, shortest first. q = first tries only the next power of ten above the value
        // (rounding up the whole number), which is the shortest candidate of all when it is in range.
        for (int q = first; q <= width; q++) {
            boolean exactHere = allZero(value, q);
            if (exactHere) {
                return layout(negative, value, q, integerDigits);
            }
            boolean downOk = q > first && inRangeFromAbove(value, q, lower, inclusive);
            byte[] up = roundUp(value, q);
            boolean upOk = inRangeFromBelow(up, q, upper, inclusive);
            boolean chooseUp;
            if (downOk && upOk) {
                int half = compareToHalf(value, q);
                chooseUp = half > 0 || (half == 0 && (value[q - 1] & 1) == 1);
            } else if (downOk || upOk) {
                chooseUp = upOk;
            } else {
                continue;
            }
            return layout(negative, chooseUp ? up : value, q, integerDigits);
        }
        throw new AssertionError("the exact value is always in range"); // unreachable: allZero(value, width) holds
    }

    /** Returns the decimal digits (one per byte, 0..9, most significant first) of {@code x * 2^scale}. */
    private static byte[] exactDigits(long x, int scale) {
        // x * 2^s for s >= 0, and x * 5^-s (to be read with -s fractional digits) for s < 0.
        int[] limbs = new int[4];
        int used = 0;
        while (x > 0) {
            limbs[used++] = (int) (x % LIMB);
            x /= LIMB;
        }
        int remaining = Math.abs(scale);
        boolean byTwo = scale >= 0;
        while (remaining > 0) {
            int step = byTwo ? Math.min(remaining, 30) : Math.min(remaining, 13);
            long factor = byTwo ? 1L << step : pow5(step);
            remaining -= step;
            long carry = 0;
            for (int i = 0; i < used; i++) {
                long product = limbs[i] * factor + carry;
                limbs[i] = (int) (product % LIMB);
                carry = product / LIMB;
            }
            while (carry > 0) {
                if (used == limbs.length) {
                    int[] bigger = new int[limbs.length * 2];
                    System.arraycopy(limbs, 0, bigger, 0, used);
                    limbs = bigger;
                }
                limbs[used++] = (int) (carry % LIMB);
                carry /= LIMB;
            }
        }
        byte[] digits = new byte[used * 9];
        for (int i = 0; i < used; i++) {
            int limb = limbs[i];
            for (int d = 0; d < 9; d++) {
                digits[digits.length - 1 - (i * 9 + d)] = (byte) (limb % 10);
                limb /= 10;
            }
        }
        // The fractional part needs -scale digits; make sure there are that many (leading zeros).
        return scale < 0 && digits.length < -scale ? padLeft(digits, -scale) : digits;
    }

    private static long pow5(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 5;
        }
        return p;
    }

    private static byte[] padLeft(byte[] digits, int width) {
        if (digits.length == width) {
            return digits;
        }
        byte[] padded = new byte[width];
        System.arraycopy(digits, 0, padded, width - digits.length, digits.length);
        return padded;
    }

    private static boolean allZero(byte[] digits, int from) {
        for (int i = from; i < digits.length; i++) {
            if (digits[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Is {@code digits[0..q)} followed by zeros above {@code bound} (or equal to it, when inclusive)? */
    private static boolean inRangeFromAbove(byte[] digits, int q, byte[] bound, boolean inclusive) {
        for (int i = 0; i < q; i++) {
            if (digits[i] != bound[i]) {
                return digits[i] > bound[i];
            }
        }
        // Equal prefixes: the candidate (zeros after q) equals the bound only if the bound is zero after q too.
        return inclusive && allZero(bound, q);
    }

    /** Is {@code digits[0..q)} followed by zeros below {@code bound} (or equal to it, when inclusive)? */
    private static boolean inRangeFromBelow(byte[] digits, int q, byte[] bound, boolean inclusive) {
        for (int i = 0; i < q; i++) {
            if (digits[i] != bound[i]) {
                return digits[i] < bound[i];
            }
        }
        return !allZero(bound, q) || inclusive;
    }

    /** Returns {@code digits[0..q)} plus one unit in position q-1, with carry; digits from q on are zero. */
    private static byte[] roundUp(byte[] digits, int q) {
        byte[] up = new byte[digits.length];
        System.arraycopy(digits, 0, up, 0, q);
        int i = q - 1;
        while (up[i] == 9) {
            up[i] = 0;
            i--;
        }
        up[i]++;
        return up;
    }

    /** Compares {@code digits[q..)} (the part a cut at q drops) with half a unit in position q-1. */
    private static int compareToHalf(byte[] digits, int q) {
        if (digits[q] != 5) {
            return digits[q] > 5 ? 1 : -1;
        }
        return allZero(digits, q + 1) ? 0 : 1;
    }

    /**
     * Writes {@code digits[0..q)} (leading and trailing zeros ignored) in Go's {@code %v} layout, where
     * {@code integerDigits} is how many array positions lie left of the decimal point.
     */
    private static String layout(boolean negative, byte[] digits, int q, int integerDigits) {
        int first = 0;
        while (digits[first] == 0) {
            first++;
        }
        int end = q;
        while (digits[end - 1] == 0) {
            end--;
        }
        int count = end - first;
        int pointPos = integerDigits - first; // Go's "dp": value = 0.d1d2d3... * 10^pointPos
        int exponent = pointPos - 1;
        StringBuilder out = new StringBuilder(count + 8);
        if (negative) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= 6) {
            out.append((char) ('0' + digits[first]));
            if (count > 1) {
                out.append('.');
                appendDigits(out, digits, first + 1, end);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        } else if (pointPos <= 0) {
            out.append("0.");
            for (int i = 0; i < -pointPos; i++) {
                out.append('0');
            }
            appendDigits(out, digits, first, end);
        } else if (pointPos >= count) {
            appendDigits(out, digits, first, end);
            for (int i = count; i < pointPos; i++) {
                out.append('0');
            }
        } else {
            appendDigits(out, digits, first, first + pointPos);
            out.append('.');
            appendDigits(out, digits, first + pointPos, end);
        }
        return out.toString();
    }

    private static void appendDigits(StringBuilder out, byte[] digits, int from, int to) {
        for (int i = from; i < to; i++) {
            out.append((char) ('0' + digits[i]));
        }
    }
}
