package io.wasmjava.ratelimit;

/**
 * Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} of a JSON number: the shortest digits that read back as the same
 * {@code double}, written without an exponent ({@code 1e3} is {@code 1000}, {@code 1.50} is {@code 1.5}, {@code 1e-7}
 * is {@code 0.0000001}). gjson prints every number that is not written as a plain integer this way where a string is
 * read (gjson.go:91), so {@code key: 1.50} names the header value {@code 1.5}.
 *
 * <p>A number written with at most 15 significant digits, in the range of normal doubles, is the shortest form of its
 * own {@code double} (15 digits always survive a round trip), so its written digits are used, exactly. Longer ones take
 * the digits of {@link Double#toString}, which are the shortest on the JVM since Java 19, and may have a digit more
 * under TeaVM; that affects only numbers of 16 or more digits written where a string is read.
 */
final class GoDecimal {
    private static final int EXACT_DIGITS = 15;

    private GoDecimal() {
    }

    /** Formats the RFC 8259 number {@code jsonNumber} as Go's {@code 'f'} format with the shortest digits. */
    static String formatF(String jsonNumber) {
        double value = Double.parseDouble(jsonNumber);
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = (Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0;
        if (value == 0) {
            return negative ? "-0" : "0";
        }
        Decimal written = Decimal.parse(jsonNumber);
        Decimal shortest = written.digits.length() <= EXACT_DIGITS && Math.abs(value) >= Double.MIN_NORMAL ? written
                : Decimal.parse(Double.toString(value));
        return shortest.plain(negative);
    }

    /** A decimal as its significant digits (no leading or trailing zeros) times a power of ten. */
    private static final class Decimal {
        final String digits;
        final long exponent;

        private Decimal(String digits, long exponent) {
            this.digits = digits;
            this.exponent = exponent;
        }

        /** Reads {@code -?digits(.digits)?([eE][+-]?digits)?}, the forms of JSON and of {@code Double.toString}. */
        static Decimal parse(String text) {
            int i = text.startsWith("-") ? 1 : 0;
            StringBuilder digits = new StringBuilder();
            long exponent = 0;
            boolean afterPoint = false;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.') {
                    afterPoint = true;
                } else if (c == 'e' || c == 'E') {
                    exponent += Long.parseLong(text.substring(text.charAt(i + 1) == '+' ? i + 2 : i + 1));
                    break;
                } else {
                    digits.append(c);
                    if (afterPoint) {
                        exponent--;
                    }
                }
            }
            int first = 0;
            while (first < digits.length() - 1 && digits.charAt(first) == '0') {
                first++;
            }
            int end = digits.length();
            while (end > first + 1 && digits.charAt(end - 1) == '0') {
                end--;
                exponent++;
            }
            return new Decimal(digits.substring(first, end), exponent);
        }

        /** This decimal without an exponent: {@code 1000}, {@code 1.5}, {@code 0.0001}. */
        String plain(boolean negative) {
            StringBuilder out = new StringBuilder(digits.length() + 8);
            if (negative) {
                out.append('-');
            }
            if (exponent >= 0) {
                out.append(digits);
                for (long k = 0; k < exponent; k++) {
                    out.append('0');
                }
                return out.toString();
            }
            long before = digits.length() + exponent;
            if (before > 0) {
                return out.append(digits, 0, (int) before).append('.').append(digits, (int) before, digits.length())
                        .toString();
            }
            out.append("0.");
            for (long k = before; k < 0; k++) {
                out.append('0');
            }
            return out.append(digits).toString();
        }
    }
}
